//! The typed calls of the grade-0 language assessment (issue 19 item 3), beside the others in
//! `client`.

use super::{Answer, TestApp};
use app::org::import::CsvFile;
use app::reports::language::{
    GetLanguageReport, ImportLanguageAssessments, LanguageImported, LanguageReport,
};

impl TestApp {
    pub async fn import_language(&self, content: &str) -> Answer<LanguageImported> {
        let file = CsvFile(content.as_bytes().to_vec());
        self.json_fn(ImportLanguageAssessments { file }).await
    }

    pub async fn language_report(&self, language: &str) -> Answer<LanguageReport> {
        let language = language.to_owned();
        self.json_fn(GetLanguageReport { language }).await
    }
}
