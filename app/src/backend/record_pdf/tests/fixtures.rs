//! The records the tests render: the same small record in each language, and long minutes.

use super::super::{RecordDocument, RecordEntry, RecordSection};

/// Set `RECORD_PDF_DIR` to keep the test documents there and look at them.
pub(super) fn keep(name: &str, pdf: &[u8]) {
    if let Some(dir) = std::env::var_os("RECORD_PDF_DIR") {
        std::fs::write(std::path::Path::new(&dir).join(name), pdf)
            .expect("RECORD_PDF_DIR is writable");
    }
}

pub(super) fn pages_text(pdf: &[u8]) -> Vec<String> {
    pdf_extract::extract_text_from_mem_by_pages(pdf).expect("the PDF reads back")
}

/// Whitespace collapsed: a wrapped heading comes back with a line break where the space was.
pub(super) fn normal(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

pub(super) fn entry(title: &str, facts: &[(&str, &str)], text: &[&str]) -> RecordEntry {
    RecordEntry {
        title: title.into(),
        facts: facts
            .iter()
            .map(|(l, v)| (l.to_string(), v.to_string()))
            .collect(),
        text: text.iter().map(|p| p.to_string()).collect(),
    }
}

pub(super) fn section(heading: &str, empty: &str, entries: Vec<RecordEntry>) -> RecordSection {
    RecordSection {
        heading: heading.into(),
        empty: empty.into(),
        entries,
    }
}

/// A record in one language: a section with two entries and one left empty.
pub(super) fn record(lang: &str, t: [&str; 14]) -> RecordDocument {
    RecordDocument {
        lang: lang.into(),
        right_to_left: lang == "ar",
        title: t[0].into(),
        intro: vec![t[1].into()],
        sections: vec![
            section(
                t[2],
                t[3],
                vec![
                    entry(t[4], &[(t[5], t[6]), (t[7], t[8])], &[t[9]]),
                    entry(t[10], &[(t[7], t[8])], &[t[11]]),
                ],
            ),
            section(t[12], t[3], vec![]),
        ],
        footer: t[13].into(),
    }
}

pub(super) const DANISH: [&str; 14] = [
    "Alt registreret om Ida Hansen",
    "Her er alt, hvad Tværs har registreret om jeres barn. I har ret til at få forkert data rettet.",
    "Positioner",
    "Intet registreret",
    "Fælles position · 12. marts 2026",
    "Position",
    "Gul i leg og samvær",
    "Slettes",
    "12. marts 2031",
    "Ida leger mest for sig selv i garderoben og søger sjældent de andre børn. Personalet følger op på ugens møde.",
    "Egen vurdering · 3. marts 2026",
    "Øjvind så en glad pige på legepladsen efter påskeferien; åbent og trygt samvær.",
    "Handleplaner",
    "Udskrevet 7. december 2026 · Tværs",
];

pub(super) const POLISH: [&str; 14] = [
    "Wszystko, co zarejestrowano o Idzie Hansen",
    "Zażółć gęślą jaźń: tu jest wszystko, co Tværs zapisał o waszym dziecku.",
    "Pozycje",
    "Nic nie zarejestrowano",
    "Wspólna pozycja · 12 marca 2026",
    "Pozycja",
    "Żółta w zabawie i kontaktach",
    "Usunięcie",
    "12 marca 2031",
    "Ida najczęściej bawi się sama w szatni; personel omówi to na spotkaniu w środę. Źródło: obserwacja.",
    "Własna ocena · 3 marca 2026",
    "Łucja widziała wesołą dziewczynkę na placu zabaw; ćwiczenia ruchowe, ósmy dzień, źrebię.",
    "Plany działania",
    "Wydrukowano 7 grudnia 2026 · Tværs",
];

pub(super) const SOMALI: [&str; 14] = [
    "Wax kasta oo laga diiwaangeliyay Ida Hansen",
    "Halkan waa wax kasta oo Tværs ka diiwaangeliyay ilmahaaga. Waxaad xaq u leedihiin in la saxo xog khaldan.",
    "Booska",
    "Waxba lama diiwaangelin",
    "Booska wadajirka ah · 12 Maarso 2026",
    "Booska",
    "Jaalle xagga ciyaarta",
    "La tirtirayo",
    "12 Maarso 2031",
    "Ida inta badan keligeed ayay ku ciyaartaa qolka dharka; shaqaaluhu way la socon doonaan.",
    "Qiimeyn gaar ah · 3 Maarso 2026",
    "Waxay aragtay gabar faraxsan oo garoonka ciyaarta joogta.",
    "Qorshayaasha ficilka",
    "La daabacay 7 Diseembar 2026 · Tværs",
];

pub(super) const ARABIC: [&str; 14] = [
    "كل ما سُجّل عن إيدا هانسن",
    "هذا كل ما سجّله نظام Tværs عن طفلكم. يحق لكم تصحيح البيانات الخاطئة.",
    "المواقف",
    "لا يوجد شيء مسجّل",
    "الموقف المشترك · 12 مارس 2026",
    "الموقف",
    "أصفر في اللعب والتواصل",
    "يُحذف في",
    "12 مارس 2031",
    "تلعب إيدا غالبًا وحدها في غرفة الملابس، وسيتابع الفريق ذلك في اجتماع الأسبوع (الأربعاء).",
    "تقييم فردي · 3 مارس 2026",
    "رأت المربية طفلة سعيدة في الملعب بعد العطلة.",
    "خطط العمل",
    "طُبع في 7 ديسمبر 2026 · Tværs",
];

/// Minutes of `paragraphs` paragraphs of about 90 words each, numbered so the order shows.
pub(super) fn minutes(paragraphs: usize) -> RecordDocument {
    let mut doc = record("da", DANISH);
    let text: Vec<String> = (1..=paragraphs)
        .map(|n| format!("Afsnit{n} {}", "forældrene og personalet aftalte at følge Idas leg i garderoben og på legepladsen. ".repeat(7)))
        .collect();
    let mut long = entry(
        "Fokusmøde · 20. marts 2026",
        &[("Deltagere", "Mor, far, Mette")],
        &[],
    );
    long.text = text;
    doc.sections[0].entries.push(long);
    doc
}
