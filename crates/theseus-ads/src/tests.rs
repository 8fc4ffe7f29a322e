//! Behaviour of the whole pass on hand-written ads: scoring rules, hub control, linking and the export.

use std::collections::BTreeMap;

use theseus_model::{Entity, Locator, Provenance};

use super::*;

fn ad(id: &str, poster: &str, city: &str, posted: &str, title: &str, body: &str) -> Entity {
    let mut e = Entity {
        id: format!("site.ad.{id}"),
        schema: "Advertisement".into(),
        properties: BTreeMap::new(),
        provenance: Provenance {
            sha256: "00".repeat(32),
            file_name: "ads.jsonl".into(),
            locator: Locator::Line { line: 1 },
            extractor: "test".into(),
            extractor_version: "0".into(),
            ingested_at: chrono::Utc::now(),
            batch: 0,
        },
    };
    e.add("site", "site");
    e.add("adId", id);
    e.add("posterAccount", format!("site.user.{poster}"));
    e.add("city", city);
    e.add("postedAt", posted);
    e.add("title", title);
    e.add("bodyText", body);
    e
}

#[test]
fn no_alert_from_a_single_indicator() {
    let c = Config::default();
    // One predictive indicator, however many of its terms: no alert.
    let one = extract(&ad("1", "a", "Hamburg", "2026-03-01", "Sehr jung, ganz jung, junge Lady", "frisch"), &c);
    assert!(one.indicators.iter().filter(|h| h.weight > 0.0).count() == 1, "{:?}", one.indicators);
    assert!(!one.alert);
    assert_eq!(one.score, 3.0, "distinct indicators count once");
    // Two predictive indicators: alert.
    let two = extract(&ad("2", "a", "Hamburg", "2026-03-01", "Junge rumänische Lady", "Call 0176 1234 5678"), &c);
    assert!(two.alert, "{:?}", two.indicators);
    // Movement is context only: it adds nothing.
    let mv = extract(&ad("3", "a", "Hamburg", "2026-03-01", "Junge Lady, new in town, only 3 days", ""), &c);
    assert!(!mv.alert);
    assert!(mv.indicators.iter().any(|h| h.id == "movement" && h.weight == 0.0));
    // The threshold of distinct indicators is configurable.
    let strict = Config { min_distinct_indicators: 3, ..Config::default() };
    assert!(!extract(&ad("2", "a", "Hamburg", "2026-03-01", "Junge rumänische Lady", ""), &strict).alert);
}

#[test]
fn obscured_phone_is_an_indicator_with_its_span() {
    let c = Config::default();
    let x = extract(&ad("1", "a", "Wien", "2026-03-01", "Lara", "Ruf an: null sechs sechs vier 123 4567"), &c);
    assert_eq!(x.region.as_deref(), Some("AT"));
    assert_eq!(x.phones.len(), 1);
    let p = &x.phones[0];
    assert_eq!(p.field, "bodyText");
    assert_eq!(p.item.e164, "+436641234567");
    assert!(x.indicators.iter().any(|h| h.id == "obscured_phone"));
}

#[test]
fn shared_phone_links_and_hubs_do_not() {
    let c = Config { hub_max_posters: 2, ..Config::default() };
    let mut ents = vec![
        ad("1", "a", "Hamburg", "2026-03-01T10:00:00+01:00", "Lara", "Tel 0176 1111 2222"),
        ad("2", "b", "Bremen", "2026-03-02T10:00:00+01:00", "Mia", "Tel 0176 1111 2222"),
        ad("3", "c", "Kiel", "2026-03-03T10:00:00+01:00", "Sofa", "Tel 0176 3333 4444"),
    ];
    // A number on the ads of four different posters: a hub (a hotline, a site's own number).
    // Their texts differ, so that only the number could join them.
    let items = ["Sofa", "Fahrrad", "Kinderwagen", "Schrank"];
    for (i, p) in ["w", "x", "y", "z"].iter().enumerate() {
        ents.push(ad(&format!("h{i}"), p, "Berlin", "2026-03-01", items[i], "Info 030 1234 5678"));
    }
    let a = analyze(&ents, &c);
    let of = a.operation_of();
    assert_eq!(of.get("site.ad.1"), of.get("site.ad.2"));
    assert!(of.contains_key("site.ad.1"));
    assert!(!of.contains_key("site.ad.3"));
    assert!(!of.contains_key("site.ad.h0"), "hub phone must not link");
    assert!(a.hubs.iter().any(|h| h.kind == "phone" && h.value == "+493012345678" && h.posters == 4));
    let op = a.operations.iter().find(|o| o.ads.contains(&"site.ad.1".to_string())).unwrap();
    assert_eq!(op.links.len(), 1);
    assert!(matches!(&op.links[0].reason, link::LinkReason::Identifier { kind, .. } if kind == "phone"));
    assert_eq!(op.timeline.iter().map(|s| s.city.as_str()).collect::<Vec<_>>(), ["Hamburg", "Bremen"]);
    // The id depends on the members only.
    assert_eq!(op.id, link::operation_id(&["site.ad.1".to_string(), "site.ad.2".to_string()]));
    // Stop-listed identifiers are hubs too.
    let mut c2 = Config::default();
    c2.stop_list.push("+4917611112222".into());
    assert!(!analyze(&ents, &c2).operation_of().contains_key("site.ad.1"));
}

#[test]
fn near_duplicate_text_links_without_shared_identifiers() {
    let body = "Neue Girls bei uns in der Stadt, diskret und sauber, echte Bilder und kein Fake, Besuch uns \
                Tag und Nacht, Haus und Hotelbesuche, schreib uns einfach, wir freuen uns auf deinen Besuch";
    let ents = vec![
        ad("1", "a", "Hamburg", "2026-03-01", "Neue Girls", body),
        ad("2", "b", "Hamburg", "2026-03-02", "Neue Girls", &body.replace("einfach", "gerne")),
        ad(
            "3",
            "c",
            "Hamburg",
            "2026-03-02",
            "Sofa",
            "Sofa zu verkaufen, gut erhalten, Nichtraucherhaushalt, Abholung in Kiel",
        ),
    ];
    let a = analyze(&ents, &Config::default());
    let of = a.operation_of();
    assert!(of.contains_key("site.ad.1") && of.get("site.ad.1") == of.get("site.ad.2"));
    assert!(!of.contains_key("site.ad.3"));
    let op = &a.operations[0];
    assert!(matches!(op.links[0].reason, link::LinkReason::Text { jaccard } if jaccard >= 0.6));
}

#[test]
fn concurrent_postings_in_distant_cities_are_a_signal() {
    let ents = vec![
        ad("1", "a", "Hamburg", "2026-03-01T20:00:00+01:00", "Lara", "0176 1111 2222"),
        ad("2", "a", "München", "2026-03-02T08:00:00+01:00", "Mia", "0176 1111 2222"),
        ad("3", "a", "Wien", "2026-03-09T08:00:00+01:00", "Mia", "+49 176 1111 2222"),
    ];
    let a = analyze(&ents, &Config::default());
    let op = &a.operations[0];
    let ids: Vec<&str> = op.signals.iter().map(|s| s.id.as_str()).collect();
    assert!(ids.contains(&"concurrent_distant"), "{ids:?}");
    assert!(ids.contains(&"phone_many_cities"), "{ids:?}");
}

#[test]
fn export_lines_carry_spans_and_operation() {
    let ents = vec![
        ad("1", "a", "Hamburg", "2026-03-01", "Lara (19)", "write lara22 at gmail dot com or 0176 1111 2222"),
        ad("2", "a", "Hamburg", "2026-03-02", "Mia", "0176 1111 2222"),
    ];
    let a = analyze(&ents, &Config::default());
    let lines: Vec<serde_json::Value> = a.export_lines().map(|l| serde_json::from_str(&l).unwrap()).collect();
    assert_eq!(lines.len(), 2);
    let l = &lines[0];
    assert_eq!(l["ad_id"], "1");
    assert_eq!(l["phones"][0]["e164"], "+4917611112222");
    assert_eq!(l["phones"][0]["field"], "bodyText");
    let (s, e) = (l["phones"][0]["start"].as_u64().unwrap() as usize, l["phones"][0]["end"].as_u64().unwrap() as usize);
    assert_eq!(&ents[0].values("bodyText")[0][s..e], "0176 1111 2222");
    assert_eq!(l["emails"][0]["value"], "lara22@gmail.com");
    assert_eq!(l["ages"][0]["years"], 19);
    assert_eq!(l["operation"], lines[1]["operation"]);
    assert!(l["operation"].as_str().unwrap().starts_with("adop-"));
}
