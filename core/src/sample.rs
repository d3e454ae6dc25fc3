//! A realistic, entirely fictional profile for demos, tests and benchmarks: a six-year-old on a
//! home ventilator through a tracheostomy, fed by gastrostomy, living in Kumamoto. Names, phone
//! numbers (the 090-0000-xxxx range) and addresses are made up.

use crate::model::*;

fn d(y: i32, m: u32, day: u32) -> Option<Date> {
    Date::from_ymd(y, m, day)
}

/// The demo child's profile. Ids are fixed so tests and docs can refer to them.
pub fn demo_profile() -> Profile {
    let mut p = Profile::empty();
    let c = &mut p.child;
    c.name = Some("山田 さくら".into());
    c.name_kana = Some("やまだ さくら".into());
    c.nickname = Some("さくちゃん".into());
    c.date_of_birth = d(2020, 5, 14);
    c.sex = Some(Sex::Female);
    c.weight = Weight {
        kg: Some(Kilograms(15.2)),
        measured_on: d(2026, 10, 2),
    };
    c.height = Height {
        cm: Some(Centimetres(104.0)),
        measured_on: d(2026, 10, 2),
    };
    c.blood_type = Some("A Rh+".into());
    c.languages = Some("日本語".into());
    c.address = Some("熊本県熊本市中央区架空町1-2-3 つなぐハイツ 302".into());
    c.dwelling = Dwelling {
        floor: Some(3),
        elevator: Some(true),
        hazard_zones: Some("洪水浸水想定区域 (0.5–3 m)".into()),
    };
    c.certificates = Certificates {
        physical_disability_grade: Some("1級".into()),
        intellectual_disability_grade: Some("A".into()),
        pediatric_chronic_disease: Some(true),
        pediatric_chronic_disease_until: d(2027, 3, 31),
    };
    c.life_stage = Some(LifeStage::SpecialNeedsSchool);
    c.setting_name = Some("架空特別支援学校".into());

    p.diagnoses.insert(
        "dx-sma".into(),
        Diagnosis {
            order: 1.0,
            name: "脊髄性筋萎縮症 I型 (SMA type 1)".into(),
            icd10: Some("G12.0".into()),
            since: d(2020, 8, 1).map(Into::into),
            kind: None,
            main: None,
            notes: None,
        },
    );
    p.diagnoses.insert(
        "dx-epilepsy".into(),
        Diagnosis {
            order: 2.0,
            name: "てんかん (Epilepsy)".into(),
            icd10: Some("G40.9".into()),
            since: d(2022, 1, 10).map(Into::into),
            kind: None,
            main: None,
            notes: None,
        },
    );
    p.avoid.insert(
        "avoid-sux".into(),
        Avoidance {
            order: 1.0,
            what: "スキサメトニウム (Suxamethonium)".into(),
            why: Some("SMA: 高カリウム血症の危険 / risk of hyperkalaemia".into()),
            kind: Some(AvoidKind::Drug),
        },
    );
    p.avoid.insert(
        "avoid-o2".into(),
        Avoidance {
            order: 2.0,
            what: "SpO2 を上げるための高流量酸素のみの対応 / high-flow oxygen alone to raise SpO2".into(),
            why: Some(
                "CO2 貯留を隠す: まず吸引と換気 / masks CO2 retention: suction and ventilate first".into(),
            ),
            kind: Some(AvoidKind::Procedure),
        },
    );

    let mut vent = Device::new(DeviceKind::Ventilator);
    vent.order = 1.0;
    vent.maker = Some("Fictional Medical".into());
    vent.model = Some("HomeVent 150".into());
    vent.serial = Some("HV-0000-1234".into());
    vent.dealer = Some("つなぐ医療機器 熊本営業所".into());
    vent.dealer_phone_24h = Some("090-0000-0101".into());
    vent.power = DevicePower {
        needs_mains: Some(true),
        watts: Some(Watts(60.0)),
        internal_battery_minutes: Some(Minutes(300.0)),
        internal_battery_age_years: Some(Years(2.0)),
        external_batteries: Some(Count(2.0)),
        external_battery_minutes: Some(Minutes(360.0)),
        external_battery_age_years: Some(Years(1.0)),
        charge_time_minutes: Some(Minutes(240.0)),
    };
    vent.non_powered_fallback =
        Some("蘇生バッグ (アンビューバッグ) をベッド横に / resuscitation bag at the bedside".into());
    vent.settings_reset_on_power_loss = Some(false);
    vent.settings.ventilator = Some(VentilatorSettings {
        mode: Some("SIMV (PC)".into()),
        rate: Some(PerMinute(20.0)),
        inspiratory_time: Some(Seconds(0.8)),
        pip: Some(CmH2O(18.0)),
        peep: Some(CmH2O(5.0)),
        tidal_volume: None,
        fio2: None,
        oxygen_flow: Some(LitresPerMinute(1.0)),
        alarm_high_pressure: Some(CmH2O(30.0)),
        alarm_low_pressure: Some(CmH2O(8.0)),
        hours_per_day: Some(Hours(24.0)),
        circuit: Some("シングルリム・呼気弁付き / single limb with exhalation valve".into()),
        humidifier: Some("加温加湿器 / heated humidifier (100 W)".into()),
    });
    p.devices.insert("dev-vent".into(), vent);

    let mut trach = Device::new(DeviceKind::Tracheostomy);
    trach.order = 2.0;
    trach.maker = Some("Fictional Airway".into());
    trach.settings.tracheostomy = Some(TracheostomySettings {
        brand: Some("Fictional Neo cuffless".into()),
        inner_diameter: Some(Millimetres(4.5)),
        length: Some(Millimetres(45.0)),
        cuffed: Some(false),
        cuff_volume: None,
        spare_smaller_inner_diameter: Some(Millimetres(4.0)),
        last_changed: d(2026, 11, 1),
        change_interval_days: Some(Days(28.0)),
        if_dislodged: Some(Note::from(
            "1. 落ち着いて同じサイズを再挿入。2. 入らなければ 4.0 mm を挿入。3. 入らなければ気管孔からバッグ換気し 119。\n1. Reinsert the same size. 2. If it will not go in, insert the 4.0 mm spare. 3. If not, bag over the stoma and call 119.",
        )),
    });
    p.devices.insert("dev-trach".into(), trach);

    let mut suction = Device::new(DeviceKind::Suction);
    suction.order = 3.0;
    suction.model = Some("PortaSuction 20".into());
    suction.power = DevicePower {
        needs_mains: Some(true),
        watts: Some(Watts(40.0)),
        internal_battery_minutes: Some(Minutes(60.0)),
        internal_battery_age_years: Some(Years(3.0)),
        ..DevicePower::default()
    };
    suction.non_powered_fallback = Some("足踏み式吸引器 / foot-operated suction".into());
    suction.settings.suction = Some(SuctionSettings {
        catheter_size: Some(French(8.0)),
        depth: Some(Centimetres(6.5)),
        pressure: Some(Kilopascals(20.0)),
        typical_frequency: Some("1–2 時間ごと、食前 / every 1–2 h and before feeds".into()),
    });
    p.devices.insert("dev-suction".into(), suction);

    let mut g = Device::new(DeviceKind::FeedingTube);
    g.order = 4.0;
    g.settings.feeding_tube = Some(FeedingTubeSettings {
        tube_type: Some(TubeType::GastrostomyButton),
        size: Some(French(14.0)),
        shaft_length: Some(Millimetres(15.0)),
        balloon_volume: Some(Millilitres(3.0)),
        insertion_length: None,
        last_changed: d(2026, 9, 20),
        change_interval_days: Some(Days(120.0)),
        pump: None,
    });
    p.devices.insert("dev-gastro".into(), g);

    let mut oxi = Device::new(DeviceKind::Oximeter);
    oxi.order = 5.0;
    oxi.settings.oximeter = Some(OximeterSettings {
        spo2_low_alarm: Some(Percent(90.0)),
        pulse_low_alarm: Some(PerMinute(70.0)),
        pulse_high_alarm: Some(PerMinute(160.0)),
    });
    p.devices.insert("dev-oxi".into(), oxi);

    p.routines.insert("rt-feed".into(), Routine {
        order: 1.0,
        kind: RoutineKind::Feed,
        title: "経管栄養 / Tube feed".into(),
        schedule: Some("6:00, 10:00, 14:00, 18:00, 22:00".into()),
        times_per_day: Some(Count(5.0)),
        product: Some("エネーボ / Enevo".into()),
        volume: Some(Millilitres(150.0)),
        rate: None,
        flush: Some(Millilitres(10.0)),
        performed_by: Performers { family: Some(true), nurse: Some(true), trained_staff: Some(true) },
        steps: Some(Note::from("1. 上体を 30 度起こす\n2. 胃内容物を確認\n3. 150 mL を 30 分かけて注入\n4. 白湯 10 mL でフラッシュ")),
        normal: Some(Note::from("注入中も SpO2 95% 以上、腹部膨満なし")),
    });
    p.routines.insert(
        "rt-suction".into(),
        Routine {
            order: 2.0,
            kind: RoutineKind::Suction,
            title: "気管内吸引 / Tracheal suction".into(),
            schedule: Some("必要時 (1–2 時間ごと) / as needed".into()),
            times_per_day: Some(Count(15.0)),
            product: None,
            volume: None,
            rate: None,
            flush: None,
            performed_by: Performers {
                family: Some(true),
                nurse: Some(true),
                trained_staff: Some(true),
            },
            steps: Some(Note::from(
                "1. 手洗い・手袋\n2. 8 Fr、6.5 cm、20 kPa で 10 秒以内\n3. 吸引後 SpO2 を確認",
            )),
            normal: None,
        },
    );
    p.medications.insert(
        "med-valproate".into(),
        Medication {
            order: 1.0,
            name: "バルプロ酸ナトリウム シロップ 5% (Sodium valproate)".into(),
            strength: Some("50 mg/mL".into()),
            dose: Some("3 mL".into()),
            route: Some(MedicationRoute::Tube),
            times: Some("8:00, 20:00".into()),
            doses_per_day: Some(Count(2.0)),
            prescriber: Some("架空こども病院 小児神経科".into()),
            pharmacy: Some("つなぐ薬局".into()),
            tube_compatible: Some(true),
            tube_notes: None,
            days_on_hand: Some(Days(10.0)),
            hard_to_get: Some(false),
            rescue: Some(false),
            rescue_criteria: None,
        },
    );
    p.medications.insert(
        "med-midazolam".into(),
        Medication {
            order: 2.0,
            name: "ミダゾラム 口腔用液 (Buccal midazolam)".into(),
            strength: Some("2.5 mg/0.5 mL".into()),
            dose: Some("2.5 mg".into()),
            route: Some(MedicationRoute::Buccal),
            times: None,
            doses_per_day: None,
            prescriber: Some("架空こども病院 小児神経科".into()),
            pharmacy: Some("つなぐ薬局".into()),
            tube_compatible: Some(false),
            tube_notes: None,
            days_on_hand: Some(Days(30.0)),
            hard_to_get: Some(true),
            rescue: Some(true),
            rescue_criteria: Some(Note::from(
                "けいれんが 5 分以上続くとき / seizure lasting over 5 minutes",
            )),
        },
    );
    p.allergies.status = Some(AllergyStatus::NoneKnown);

    p.contacts.insert(
        "ct-mother".into(),
        Contact {
            order: 1.0,
            name: "山田 花子".into(),
            relation: Some("母 / mother".into()),
            phone: Some("090-0000-0001".into()),
            phone_alt: None,
            may_decide: None,
            notes: None,
        },
    );
    p.contacts.insert(
        "ct-father".into(),
        Contact {
            order: 2.0,
            name: "山田 一郎".into(),
            relation: Some("父 / father".into()),
            phone: Some("090-0000-0002".into()),
            phone_alt: None,
            may_decide: None,
            notes: Some("平日 9–18 時は勤務中 / at work weekdays 9–18".into()),
        },
    );
    let team = [
        (
            "team-doctor",
            CareRole::AttendingDoctor,
            Some("架空 太郎 医師"),
            "架空こども病院 小児科",
            "096-000-0100",
            Some("096-000-0199"),
        ),
        (
            "team-nurse",
            CareRole::VisitingNurse,
            Some("訪問 看子"),
            "つなぐ訪問看護ステーション",
            "096-000-0200",
            Some("090-0000-0201"),
        ),
        (
            "team-coord",
            CareRole::Coordinator,
            Some("佐藤 みどり"),
            "架空市 障がい福祉課",
            "096-000-0300",
            None,
        ),
        (
            "team-consult",
            CareRole::CarePlanConsultant,
            Some("相談 一美"),
            "架空相談支援事業所",
            "096-000-0400",
            None,
        ),
        (
            "team-disaster",
            CareRole::DisasterHospital,
            None,
            "架空市民病院 (災害拠点病院)",
            "096-000-0500",
            Some("096-000-0599"),
        ),
    ];
    for (i, (id, role, name, org, phone, phone24)) in team.into_iter().enumerate() {
        p.care_team.insert(
            id.into(),
            CareTeamMember {
                order: i as f64 + 1.0,
                role,
                name: name.map(Into::into),
                organization: Some(org.into()),
                phone: Some(phone.into()),
                phone_24h: phone24.map(Into::into),
                notes: None,
            },
        );
    }
    p.power_registration = PowerRegistration {
        company: Some("架空電力".into()),
        registered: Some(true),
        registered_on: d(2025, 4, 1),
        customer_number: Some("0000-0000".into()),
    };
    p.baseline = Baseline {
        heart_rate_low: Some(PerMinute(80.0)),
        heart_rate_high: Some(PerMinute(120.0)),
        respiratory_rate_low: Some(PerMinute(18.0)),
        respiratory_rate_high: Some(PerMinute(26.0)),
        spo2_low: Some(Percent(94.0)),
        spo2_high: Some(Percent(99.0)),
        temperature_low: Some(Celsius(36.2)),
        temperature_high: Some(Celsius(37.2)),
        consciousness: Some("清明、目で追う / alert, follows with her eyes".into()),
        communicates_pain: Some("眉間にしわ、心拍上昇 / frowns, heart rate rises".into()),
        communicates_yes_no: Some(
            "はい: まばたき 1 回、いいえ: 目をそらす / yes: one blink, no: looks away".into(),
        ),
        sick_signs: Some(Note::from(
            "顔色が白い、分泌物が増える、心拍 140 以上 / pale, more secretions, heart rate over 140",
        )),
    };
    p.emergency_actions.insert(
        "act-desat".into(),
        EmergencyAction {
            order: 1.0,
            problem: "SpO2 が 90% 未満 / SpO2 below 90%".into(),
            kind: Some(ProblemKind::Desaturation),
            what_to_do: Some(Note::from(
                "1. 吸引 2. 回路とカニューレを確認 3. バッグ換気 4. 改善しなければ 119",
            )),
        },
    );
    p.emergency_actions.insert(
        "act-seizure".into(),
        EmergencyAction {
            order: 2.0,
            problem: "けいれん / Seizure".into(),
            kind: Some(ProblemKind::Seizure),
            what_to_do: Some(Note::from("時間を計る。5 分以上でミダゾラム口腔用液 2.5 mg、119")),
        },
    );

    let e = &mut p.evacuation;
    e.strategies.insert(
        "hz-quake".into(),
        HazardStrategy {
            order: 1.0,
            hazard: Hazard::Earthquake,
            strategy: Strategy::StayHome,
            notes: Some("建物が無事なら在宅避難".into()),
        },
    );
    e.strategies.insert(
        "hz-flood".into(),
        HazardStrategy {
            order: 2.0,
            hazard: Hazard::Flood,
            strategy: Strategy::Hospital,
            notes: Some("レベル3 で架空市民病院へ".into()),
        },
    );
    e.strategies.insert(
        "hz-blackout".into(),
        HazardStrategy {
            order: 3.0,
            hazard: Hazard::Blackout,
            strategy: Strategy::StayHome,
            notes: Some("6 時間を超える見込みなら病院へ".into()),
        },
    );
    e.destinations.insert(
        "dest-hospital".into(),
        Destination {
            order: 1.0,
            name: "架空市民病院".into(),
            kind: Some(Strategy::Hospital),
            address: Some("熊本県熊本市架空区1-1".into()),
            phone: Some("096-000-0500".into()),
            power: Some(PowerAvailability::Yes),
            notes: Some("地域連携室と事前調整済み".into()),
        },
    );
    e.destinations.insert(
        "dest-school".into(),
        Destination {
            order: 2.0,
            name: "架空特別支援学校 (福祉避難所)".into(),
            kind: Some(Strategy::WelfareShelter),
            address: None,
            phone: None,
            power: Some(PowerAvailability::Generator),
            notes: None,
        },
    );
    e.route = Some("県道 000 号を北へ、約 15 分 / north on prefectural road 000, about 15 min".into());
    e.transport = Some("自家用車 (車椅子対応) / own wheelchair-accessible car".into());
    e.helpers.insert(
        "help-neighbour".into(),
        Helper {
            order: 1.0,
            name: "隣人 次郎".into(),
            address: Some("熊本県熊本市中央区架空町1-2-3 つなぐハイツ 301".into()),
            phone: Some("090-0000-0003".into()),
            relation: Some("隣人 / neighbour".into()),
            role: None,
        },
    );
    e.timeline = Some(Note::from(
        "警戒レベル3: 充電確認・出発準備 / Level 3: charge and prepare\n警戒レベル4: 出発 / Level 4: leave",
    ));
    e.safety_check_contacts = Some("相談支援専門員が電話で安否確認".into());
    e.roster_registered = Some(true);
    e.plan_date = d(2025, 6, 1);
    e.last_drill = d(2025, 10, 12);

    p.power_sources.insert(
        "pwr-station".into(),
        PowerSource {
            order: 1.0,
            kind: PowerSourceKind::PowerStation,
            name: Some("ポータブル電源 1000 Wh".into()),
            capacity: Some(WattHours(1000.0)),
            max_output: Some(Watts(1000.0)),
            outlets: Some(Count(3.0)),
            pure_sine: Some(true),
            inverter_efficiency: Some(Percent(85.0)),
            last_checked: d(2026, 10, 1),
        },
    );
    p.power_sources.insert(
        "pwr-car".into(),
        PowerSource {
            order: 2.0,
            kind: PowerSourceKind::CarInverter,
            name: Some("自家用車 + 正弦波インバーター 300 W".into()),
            capacity: None,
            max_output: Some(Watts(300.0)),
            outlets: Some(Count(1.0)),
            pure_sine: Some(true),
            inverter_efficiency: Some(Percent(80.0)),
            last_checked: d(2026, 6, 1),
        },
    );
    let stock = [
        (
            "stk-catheter",
            "吸引カテーテル 8 Fr",
            StockCategory::SuctionCatheter,
            "本",
            15.0,
            120.0,
            false,
        ),
        (
            "stk-enevo",
            "エネーボ 250 mL",
            StockCategory::Feed,
            "缶",
            3.0,
            30.0,
            false,
        ),
        (
            "stk-hme",
            "人工鼻 (HME)",
            StockCategory::TracheostomySupplies,
            "個",
            2.0,
            20.0,
            true,
        ),
        (
            "stk-syringe",
            "カテーテルチップシリンジ 50 mL",
            StockCategory::FeedingSupplies,
            "本",
            1.0,
            10.0,
            false,
        ),
    ];
    for (i, (id, name, cat, unit, per_day, on_hand, hard)) in stock.into_iter().enumerate() {
        p.stock.insert(
            id.into(),
            StockItem {
                order: i as f64 + 1.0,
                name: name.into(),
                category: Some(cat),
                unit: Some(unit.into()),
                per_day: Some(Count(per_day)),
                on_hand: Some(Count(on_hand)),
                hard_to_get: Some(hard),
            },
        );
    }
    p.consents.insert(
        "cons-coord".into(),
        Consent {
            order: 1.0,
            audience: ConsentAudience::Coordinator,
            granted: true,
            date: d(2025, 4, 1),
            notes: None,
        },
    );
    p.consents.insert(
        "cons-muni".into(),
        Consent {
            order: 2.0,
            audience: ConsentAudience::Municipality,
            granted: true,
            date: d(2025, 6, 1),
            notes: Some("避難行動要支援者名簿への情報提供に同意".into()),
        },
    );
    p
}
