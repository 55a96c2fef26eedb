//! The demo community's grids with their posted contacts, and its two service stations.
//! Phone numbers are in the demo range 1380001xxxx / 022-2345xxxx, not real people's.

use yizhan_core::model::{Amenity, ContactRole, DatedHours, OpenHours, Span};

pub struct DemoGrid {
    pub id: &'static str,
    pub name: &'static str,
    pub area: &'static str,
    /// (name, role, title, phone, wechat, duty hours, note)
    pub contacts: &'static [DemoContact],
}

pub type DemoContact = (
    &'static str,
    ContactRole,
    &'static str,
    &'static str,
    Option<&'static str>,
    Option<&'static str>,
    Option<&'static str>,
);

use ContactRole::{Cadre, Doctor, GridWorker, PartySecretary, Police, Property, VolunteerLead};

pub const GRIDS: [DemoGrid; 3] = [
    DemoGrid {
        id: "g-1",
        name: "第一网格",
        area: "育华里 1–6 号楼",
        contacts: &[
            (
                "张秀梅",
                GridWorker,
                "网格员",
                "13800011001",
                Some("yuhua-zxm"),
                Some("周一至周五 8:30–17:30，夜间急事可打电话"),
                None,
            ),
            (
                "刘建国",
                PartySecretary,
                "网格党支部书记",
                "13800011002",
                None,
                Some("周二、周四上午在服务站"),
                None,
            ),
            (
                "孙警官",
                Police,
                "社区民警",
                "13800011003",
                None,
                Some("每天 9:00–17:00，紧急情况请拨 110"),
                Some("警务室在 3 号楼底商"),
            ),
            (
                "育华物业客服",
                Property,
                "物业服务中心",
                "022-23451001",
                None,
                Some("24 小时值班"),
                Some("报修、停水停电通知"),
            ),
            (
                "王大夫",
                Doctor,
                "家庭医生",
                "13800011005",
                Some("dr-wang-yh"),
                Some("周一、周三、周五上午"),
                Some("南营门社区卫生服务中心签约医生"),
            ),
            (
                "赵立新",
                VolunteerLead,
                "志愿服务队队长",
                "13800011006",
                Some("yuhua-volunteer"),
                None,
                None,
            ),
            (
                "钱丽华",
                Cadre,
                "楼门长（3 号楼）",
                "13800011007",
                None,
                None,
                None,
            ),
        ],
    },
    DemoGrid {
        id: "g-2",
        name: "第二网格",
        area: "育华里 7–12 号楼、社区卫生服务站",
        contacts: &[
            (
                "李春燕",
                GridWorker,
                "网格员",
                "13800012001",
                Some("yuhua-lcy"),
                Some("周一至周五 8:30–17:30"),
                None,
            ),
            (
                "周德明",
                PartySecretary,
                "网格党支部书记",
                "13800012002",
                None,
                None,
                None,
            ),
            (
                "孙警官",
                Police,
                "社区民警",
                "13800011003",
                None,
                Some("每天 9:00–17:00，紧急情况请拨 110"),
                None,
            ),
            (
                "育华物业客服",
                Property,
                "物业服务中心",
                "022-23451001",
                None,
                Some("24 小时值班"),
                None,
            ),
            (
                "陈大夫",
                Doctor,
                "家庭医生",
                "13800012005",
                None,
                Some("周二、周四上午"),
                None,
            ),
            (
                "吴桂芳",
                VolunteerLead,
                "巾帼志愿队队长",
                "13800012006",
                Some("yuhua-jinguo"),
                None,
                None,
            ),
        ],
    },
    DemoGrid {
        id: "g-3",
        name: "第三网格",
        area: "和平新村 1–9 号楼、沿街商铺",
        contacts: &[
            (
                "马晓东",
                GridWorker,
                "网格员",
                "13800013001",
                Some("heping-mxd"),
                Some("周一至周五 8:30–17:30，周六上午"),
                None,
            ),
            (
                "郭玉兰",
                PartySecretary,
                "网格党支部书记",
                "13800013002",
                None,
                None,
                None,
            ),
            (
                "何警官",
                Police,
                "社区民警",
                "13800013003",
                None,
                Some("每天 9:00–17:00，紧急情况请拨 110"),
                None,
            ),
            (
                "和平新村物业",
                Property,
                "物业服务中心",
                "022-23451003",
                None,
                Some("8:00–20:00，夜间值班 13800013004"),
                None,
            ),
            (
                "王大夫",
                Doctor,
                "家庭医生",
                "13800011005",
                Some("dr-wang-yh"),
                Some("周一、周三、周五上午"),
                None,
            ),
            (
                "许志强",
                VolunteerLead,
                "党员先锋队队长",
                "13800013006",
                None,
                None,
                None,
            ),
            (
                "沿街商户联络员",
                Cadre,
                "商户联络员",
                "13800013007",
                None,
                None,
                Some("门前三包、商户事务"),
            ),
            (
                "冯阿姨",
                Cadre,
                "楼门长（5 号楼）",
                "13800013008",
                None,
                None,
                None,
            ),
        ],
    },
];

pub struct DemoStation {
    pub id: &'static str,
    pub name: &'static str,
    pub address: &'static str,
    pub lat: f64,
    pub lng: f64,
    pub phone: &'static str,
    pub open_hours: fn() -> Vec<OpenHours>,
    pub amenities: &'static [Amenity],
    /// Its dated exceptions, from the day the demo is seeded.
    pub exceptions: fn(time::Date) -> Vec<DatedHours>,
}

/// A day `days` after `today`, as an exception's date.
fn day(today: time::Date, days: i64) -> String {
    (today + time::Duration::days(days)).to_string()
}

/// The coming Saturday (today when it is one).
fn saturday(today: time::Date) -> String {
    let ahead = (6 + 7 - i64::from(today.weekday().number_from_monday())) % 7;
    day(today, ahead)
}

fn hours(days: &[u8], open: &str, close: &str) -> OpenHours {
    OpenHours {
        days: days.to_vec(),
        open: open.into(),
        close: close.into(),
    }
}

pub const STATIONS: [DemoStation; 2] = [
    DemoStation {
        id: "st-1",
        name: "育华里红色驿站",
        address: "育华里 3 号楼底商（社区党群服务中心一楼）",
        lat: 39.1089,
        lng: 117.1768,
        phone: "022-23456789",
        open_hours: || {
            vec![
                hours(&[1, 2, 3, 4, 5], "08:30", "17:30"),
                hours(&[6, 7], "09:00", "20:30"),
            ]
        },
        amenities: &[
            Amenity::Charging,
            Amenity::Water,
            Amenity::Umbrella,
            Amenity::Toilet,
            Amenity::FirstAid,
            Amenity::Microwave,
            Amenity::Reading,
            Amenity::Rest,
        ],
        exceptions: |today| {
            vec![
                DatedHours {
                    from: saturday(today),
                    until: None,
                    hours: vec![Span {
                        open: "08:30".into(),
                        close: "21:00".into(),
                    }],
                    note: "红色周末：延长开放到晚上九点".into(),
                },
                DatedHours {
                    from: "2027-01-01".into(),
                    until: None,
                    hours: Vec::new(),
                    note: "元旦闭馆".into(),
                },
            ]
        },
    },
    DemoStation {
        id: "st-2",
        name: "和平新村户外劳动者驿站",
        address: "和平新村 1 号楼东侧",
        lat: 39.1062,
        lng: 117.1801,
        phone: "022-23451003",
        open_hours: || vec![hours(&[1, 2, 3, 4, 5, 6, 7], "07:00", "20:30")],
        amenities: &[
            Amenity::Charging,
            Amenity::Water,
            Amenity::Microwave,
            Amenity::Rest,
            Amenity::Toilet,
        ],
        exceptions: |today| {
            vec![DatedHours {
                from: day(today, 3),
                until: None,
                hours: Vec::new(),
                note: "设备检修，暂停开放一天".into(),
            }]
        },
    },
];
