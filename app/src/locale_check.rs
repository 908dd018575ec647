//! Every language has every text. leptos_i18n only warns about a missing key and falls back
//! to Danish; for a parent reading Somali that would be a page in a language they may not read.

use serde_json::Value;
use std::collections::BTreeSet;

const LOCALES: [(&str, &str); 5] = [
    ("da", include_str!("../locales/da.json")),
    ("en", include_str!("../locales/en.json")),
    ("ar", include_str!("../locales/ar.json")),
    ("pl", include_str!("../locales/pl.json")),
    ("so", include_str!("../locales/so.json")),
];

fn keys(value: &Value, prefix: &str, out: &mut BTreeSet<String>) {
    if let Value::Object(map) = value {
        for (k, v) in map {
            let path = if prefix.is_empty() {
                k.clone()
            } else {
                format!("{prefix}.{k}")
            };
            match v {
                Value::Object(_) => keys(v, &path, out),
                Value::String(s) => {
                    assert!(!s.trim().is_empty(), "{path} is empty");
                    out.insert(path);
                }
                _ => panic!("{path} is not a text"),
            }
        }
    }
}

#[test]
fn every_language_has_exactly_the_danish_texts() {
    let mut danish = BTreeSet::new();
    keys(
        &serde_json::from_str(LOCALES[0].1).expect("da.json parses"),
        "",
        &mut danish,
    );
    for (code, text) in &LOCALES[1..] {
        let mut found = BTreeSet::new();
        keys(
            &serde_json::from_str(text).unwrap_or_else(|e| panic!("{code}.json: {e}")),
            "",
            &mut found,
        );
        let missing: Vec<_> = danish.difference(&found).collect();
        let extra: Vec<_> = found.difference(&danish).collect();
        assert!(
            missing.is_empty() && extra.is_empty(),
            "{code}: missing {missing:?}, extra {extra:?}"
        );
    }
}
