//! Completeness and formatting tests for the message files: every code-list value and every
//! profile field has words in both languages, and the two files agree on ids and variables.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::*;
use crate::model::*;

fn localizers() -> Vec<Localizer> {
    Lang::ALL.iter().map(|&lang| Localizer::new(lang)).collect()
}

/// Message id → text (with continuation lines) of one `.ftl` source, read line by line.
fn message_bodies(source: &str) -> BTreeMap<String, String> {
    let mut bodies = BTreeMap::new();
    let mut current: Option<String> = None;
    for line in source.lines() {
        if line.starts_with(' ') {
            if let Some(body) = current.as_ref().and_then(|id| bodies.get_mut(id)) {
                let body: &mut String = body;
                body.push('\n');
                body.push_str(line.trim());
            }
            continue;
        }
        current = None;
        let Some((id, body)) = line.split_once('=') else {
            continue;
        };
        let id = id.trim();
        let is_message_id = id.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
            && id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
        if is_message_id {
            assert!(
                bodies.insert(id.to_owned(), body.trim().to_owned()).is_none(),
                "duplicate id {id}"
            );
            current = Some(id.to_owned());
        }
    }
    bodies
}

/// The `$variables` a message body refers to.
fn variables(body: &str) -> BTreeSet<String> {
    body.split('$')
        .skip(1)
        .map(|rest| {
            rest.chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
                .collect()
        })
        .collect()
}

/// Every property path of the profile's JSON Schema (collection ids and map keys left out),
/// and the paths whose children are keyed (collections and maps).
fn schema_paths() -> (BTreeSet<String>, BTreeSet<String>) {
    let schema = schemars::schema_for!(Profile);
    let root = schema.as_value();
    let defs = root
        .get("$defs")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    let mut fields = BTreeSet::new();
    let mut keyed = BTreeSet::new();
    walk(root, &defs, &[], &mut fields, &mut keyed, 0);
    (fields, keyed)
}

fn walk(
    schema: &Value,
    defs: &serde_json::Map<String, Value>,
    path: &[String],
    fields: &mut BTreeSet<String>,
    keyed: &mut BTreeSet<String>,
    depth: usize,
) {
    assert!(depth < 64, "schema nests too deep at {}", path.join("."));
    let Some(object) = schema.as_object() else {
        return;
    };
    if let Some(reference) = object.get("$ref").and_then(Value::as_str) {
        let name = reference.strip_prefix("#/$defs/").expect("local $defs reference");
        let target = defs.get(name).expect("referenced definition exists");
        walk(target, defs, path, fields, keyed, depth + 1);
    }
    for combinator in ["anyOf", "oneOf", "allOf"] {
        for option in object
            .get(combinator)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            walk(option, defs, path, fields, keyed, depth + 1);
        }
    }
    if let Some(properties) = object.get("properties").and_then(Value::as_object) {
        for (name, property) in properties {
            let mut child = path.to_vec();
            child.push(name.clone());
            fields.insert(child.join("."));
            walk(property, defs, &child, fields, keyed, depth + 1);
        }
    }
    for nested in ["additionalProperties", "items"] {
        if let Some(item) = object.get(nested).filter(|v| v.is_object()) {
            keyed.insert(path.join("."));
            walk(item, defs, path, fields, keyed, depth + 1);
        }
    }
}

/// Every code-list value of every enum in the model, by Fluent id.
fn code_list_ids() -> Vec<String> {
    macro_rules! ids {
        ($($list:ty),+ $(,)?) => {{
            let mut ids = Vec::new();
            $(
                assert!(!<$list>::ALL.is_empty());
                ids.extend(<$list>::ALL.iter().map(|value| value.fluent_id()));
            )+
            ids
        }};
    }
    ids![
        Section,
        VerifierRole,
        Sex,
        LifeStage,
        DeviceKind,
        TubeType,
        AvoidKind,
        RoutineKind,
        MedicationRoute,
        AllergyStatus,
        Severity,
        Certainty,
        ProblemKind,
        CareRole,
        Hazard,
        Strategy,
        PowerAvailability,
        PowerSourceKind,
        StockCategory,
        ConsentAudience,
        DiagnosisKind,
        Resuscitation,
    ]
}

#[test]
fn message_files_parse_without_errors_or_duplicates() {
    for lang in Lang::ALL {
        let resource = FluentResource::try_new(lang.source().to_owned());
        let resource = match resource {
            Ok(resource) => resource,
            Err((_, errors)) => panic!("{lang}: parse errors: {errors:?}"),
        };
        let mut bundle = FluentBundle::new_concurrent(vec![lang.langid()]);
        if let Err(errors) = bundle.add_resource(resource) {
            panic!("{lang}: duplicate ids: {errors:?}");
        }
    }
}

#[test]
fn every_code_list_value_has_a_label_in_both_languages() {
    let ids = code_list_ids();
    assert!(ids.len() > 100, "only {} code-list values found", ids.len());
    for l10n in localizers() {
        let missing: Vec<&String> = ids.iter().filter(|id| !l10n.has(id)).collect();
        assert!(missing.is_empty(), "{}: no label for {missing:?}", l10n.lang());
    }
    let ja = Localizer::new(Lang::Ja);
    assert_eq!(ja.label(&DeviceKind::Ventilator.fluent_id()), "人工呼吸器");
    assert_eq!(
        ja.label(&CareRole::CarePlanConsultant.fluent_id()),
        "相談支援専門員"
    );
    assert_eq!(ja.label(&Strategy::WelfareShelter.fluent_id()), "福祉避難所");
    assert_eq!(ja.label(&Section::CareTeam.fluent_id()), "関係機関・支援者");
    let en = Localizer::new(Lang::En);
    assert_eq!(en.label(&DeviceKind::CoughAssist.fluent_id()), "Cough assist");
}

#[test]
fn every_field_of_the_profile_has_a_label_in_both_languages() {
    let (fields, _) = schema_paths();
    // The walk must reach the depths of the model, or the check below proves nothing.
    for deep in [
        "child.weight.kg",
        "devices.settings.ventilator.peep",
        "devices.power.internal_battery_minutes",
        "allergies.items.agent",
        "evacuation.helpers.phone",
        "routines.performed_by.trained_staff",
        "verifications.by",
    ] {
        assert!(fields.contains(deep), "schema walk missed {deep}");
    }
    for l10n in localizers() {
        let missing: Vec<String> = fields
            .iter()
            .map(|path| format!("field-{}", path.replace('.', "-")))
            .filter(|id| !l10n.has(id))
            .collect();
        assert!(missing.is_empty(), "{}: no label for {missing:?}", l10n.lang());
    }
}

#[test]
fn keyed_fields_are_exactly_the_collections_and_maps_of_the_schema() {
    let (_, keyed) = schema_paths();
    let declared: BTreeSet<String> = COLLECTIONS
        .iter()
        .map(|(path, _)| (*path).to_owned())
        .chain(["verifications".to_owned()])
        .collect();
    assert!(declared.iter().all(|p| is_keyed_map(p)));
    assert_eq!(keyed, declared);
}

#[test]
fn no_field_label_without_a_field() {
    let (fields, _) = schema_paths();
    let known: BTreeSet<String> = fields
        .iter()
        .map(|path| format!("field-{}", path.replace('.', "-")))
        .collect();
    for lang in Lang::ALL {
        let stale: Vec<String> = message_bodies(lang.source())
            .into_keys()
            .filter(|id| id.starts_with("field-") && !known.contains(id))
            .collect();
        assert!(
            stale.is_empty(),
            "{lang}: labels for fields the profile lacks: {stale:?}"
        );
    }
}

#[test]
fn both_languages_define_the_same_messages_with_the_same_variables() {
    let ja = message_bodies(JA_FTL);
    let en = message_bodies(EN_FTL);
    // The line reader sees exactly the messages Fluent parsed.
    for lang in Lang::ALL {
        let resource = FluentResource::try_new(lang.source().to_owned()).expect("parses");
        let parsed = resource
            .entries()
            .filter(|e| format!("{e:?}").starts_with("Message("))
            .count();
        let read = message_bodies(lang.source());
        assert_eq!(parsed, read.len(), "{lang}: line reader and parser disagree");
        let l10n = Localizer::new(*lang);
        assert!(read.keys().all(|id| l10n.has(id)));
    }
    let ja_ids: BTreeSet<&String> = ja.keys().collect();
    let en_ids: BTreeSet<&String> = en.keys().collect();
    let only_ja: Vec<_> = ja_ids.difference(&en_ids).collect();
    let only_en: Vec<_> = en_ids.difference(&ja_ids).collect();
    assert!(only_ja.is_empty(), "only in ja: {only_ja:?}");
    assert!(only_en.is_empty(), "only in en: {only_en:?}");
    for (id, ja_body) in &ja {
        assert_eq!(variables(ja_body), variables(&en[id]), "variables differ in {id}");
    }
}

#[test]
fn field_label_drops_ids_and_names_the_group() {
    let ja = Localizer::new(Lang::Ja);
    let en = Localizer::new(Lang::En);
    let peep = "devices.dev-3f9k.settings.ventilator.peep";
    assert_eq!(ja.field_label(peep), "人工呼吸器の設定 › PEEP（EPAP）");
    assert_eq!(en.field_label(peep), "Ventilator settings › PEEP (EPAP)");
    assert_eq!(
        ja.field_label("evacuation.helpers.help-abc.phone"),
        "避難支援等実施者 › 電話番号"
    );
    assert_eq!(
        en.field_label("evacuation.helpers.help-abc.phone"),
        "Evacuation helpers › Phone"
    );
    assert_eq!(ja.field_label("allergies.items.alg-1.agent"), "アレルギー › 原因");
    assert_eq!(
        ja.field_label("devices.dev-1.power.internal_battery_minutes"),
        "機器の電源 › 内部バッテリーの駆動時間（新品時・分）"
    );
    assert_eq!(ja.field_label("child.name"), "本人の情報 › 氏名");
    assert_eq!(ja.field_label("child.weight.measured_on"), "体重 › 測定日");
    assert_eq!(
        ja.field_label("verifications.devices.by"),
        "確認の記録 › 確認した人"
    );
    // The group is left out when the field's label already says it.
    assert_eq!(ja.field_label("child.weight.kg"), "体重（kg）");
    assert_eq!(en.field_label("allergies.items"), "Allergies");
    // Sections and whole entities.
    assert_eq!(ja.field_label("devices"), "医療機器");
    assert_eq!(ja.field_label("devices.dev-1"), "医療機器");
    // An id that happens to equal a field name is still an id.
    assert_eq!(ja.field_label("devices.kind.kind"), "医療機器 › 機器の種類");
    // Unknown leaf: the longest labelled prefix; nothing labelled: the path as given.
    assert_eq!(
        ja.field_label("devices.dev-1.settings.ventilator.not_yet_labelled"),
        "機器ごとの設定 › 人工呼吸器の設定"
    );
    assert_eq!(ja.field_label("no_such.thing"), "no_such.thing");
    assert_eq!(ja.field_label(""), "");
}

#[test]
fn field_key_leaves_out_collection_ids_and_map_keys() {
    assert_eq!(
        field_key("devices.dev-3f9k.settings.ventilator.peep"),
        "devices.settings.ventilator.peep"
    );
    assert_eq!(field_key("allergies.items.alg-1.agent"), "allergies.items.agent");
    assert_eq!(field_key("allergies.status"), "allergies.status");
    assert_eq!(field_key("evacuation.route"), "evacuation.route");
    assert_eq!(field_key("verifications.child.on"), "verifications.on");
    assert_eq!(field_key("child.weight.kg"), "child.weight.kg");
    assert_eq!(field_key(".devices..dev-1.kind."), "devices.kind");
}

#[test]
fn history_messages_format_with_their_variables() {
    let ja = Localizer::new(Lang::Ja);
    let en = Localizer::new(Lang::En);
    let peep_ja = ja.field_label("devices.dev-1.settings.ventilator.peep");
    let peep_en = en.field_label("devices.dev-1.settings.ventilator.peep");
    assert_eq!(
        ja.message("history-set", &[("field", &peep_ja)]),
        "人工呼吸器の設定 › PEEP（EPAP）を変更しました"
    );
    assert_eq!(
        en.message("history-set", &[("field", &peep_en)]),
        "Changed Ventilator settings › PEEP (EPAP)"
    );
    let helpers = ja.field_label("evacuation.helpers");
    assert_eq!(
        ja.message("history-added", &[("collection", &helpers)]),
        "個別避難計画 › 避難支援等実施者を1件追加しました"
    );
    let section = ja.label(&Section::Devices.fluent_id());
    assert_eq!(
        ja.message(
            "history-verified",
            &[("section", &section), ("by", "佐藤 看護師")]
        ),
        "佐藤 看護師が医療機器を確認しました"
    );
    let summary = ja.message("history-created", &[]);
    assert_eq!(
        ja.message(
            "history-entry",
            &[
                ("time", "2025-04-01 10:30"),
                ("author", "母"),
                ("summary", &summary)
            ]
        ),
        "2025-04-01 10:30　母：プロフィールを作成しました"
    );
    assert_eq!(
        en.message(
            "history-entry",
            &[
                ("time", "2025-04-01 10:30"),
                ("author", "Mum"),
                ("summary", "Created the profile")
            ]
        ),
        "2025-04-01 10:30 Mum: Created the profile"
    );

    // Every history message formats cleanly, with no isolation marks, given its variables.
    let all_variables = [
        ("field", "F"),
        ("collection", "C"),
        ("section", "S"),
        ("by", "B"),
        ("time", "T"),
        ("author", "A"),
        ("summary", "Y"),
        ("entity", "E"),
        ("changes", "G"),
        ("old", "O"),
        ("new", "N"),
        ("kind", "K"),
        ("detail", "D"),
        ("name", "M"),
    ];
    for l10n in localizers() {
        for id in message_bodies(l10n.lang().source())
            .into_keys()
            .filter(|id| id.starts_with("history-"))
        {
            let (text, errors) = l10n.format(&id, &all_variables).expect("message exists");
            assert!(errors.is_empty(), "{}: {id}: {errors:?}", l10n.lang());
            assert!(
                !text.contains(['\u{2068}', '\u{2069}']),
                "{id} has isolation marks"
            );
        }
        // A missing variable is reported, not a panic.
        let (_, errors) = l10n.format("history-set", &[]).expect("message exists");
        assert!(!errors.is_empty());
    }
}

#[test]
fn missing_messages_fall_back_to_their_id() {
    let ja = Localizer::new(Lang::Ja);
    assert!(!ja.has("no-such-message"));
    assert_eq!(ja.message("no-such-message", &[("x", "y")]), "no-such-message");
    assert_eq!(ja.label("device-kind-teleporter"), "device-kind-teleporter");
}

#[test]
fn every_unit_has_a_display_form_in_both_languages() {
    let symbols = [
        Millilitres::UNIT,
        MillilitresPerHour::UNIT,
        French::UNIT,
        Millimetres::UNIT,
        Centimetres::UNIT,
        Kilograms::UNIT,
        Kilopascals::UNIT,
        CmH2O::UNIT,
        Megapascals::UNIT,
        Litres::UNIT,
        LitresPerMinute::UNIT,
        Watts::UNIT,
        WattHours::UNIT,
        Minutes::UNIT,
        Hours::UNIT,
        Seconds::UNIT,
        Days::UNIT,
        Years::UNIT,
        Percent::UNIT,
        PerMinute::UNIT,
        Celsius::UNIT,
    ];
    for l10n in localizers() {
        for symbol in symbols {
            let id = unit_message_id(symbol).unwrap_or_else(|| panic!("no message id for unit {symbol:?}"));
            assert!(l10n.has(id), "{}: no {id}", l10n.lang());
        }
        // A count has no unit and stays bare.
        assert_eq!(l10n.unit(Count::UNIT), "");
    }
    let ja = Localizer::new(Lang::Ja);
    assert_eq!(ja.unit(Minutes::UNIT), "分");
    assert_eq!(ja.unit(LitresPerMinute::UNIT), "L/分");
    assert_eq!(ja.unit("furlongs"), "furlongs");
}

#[test]
fn lang_parses_tags_and_localizer_is_shareable() {
    assert_eq!(Lang::parse("ja"), Some(Lang::Ja));
    assert_eq!(Lang::parse("ja-JP"), Some(Lang::Ja));
    assert_eq!(Lang::parse("EN_us"), Some(Lang::En));
    assert_eq!(Lang::parse("fr"), None);
    assert_eq!(Lang::parse(""), None);
    for lang in Lang::ALL {
        assert_eq!(Lang::parse(lang.as_str()), Some(*lang));
        assert_eq!(Localizer::new(*lang).lang(), *lang);
    }
    fn send_sync<T: Send + Sync>() {}
    send_sync::<Localizer>();
}
