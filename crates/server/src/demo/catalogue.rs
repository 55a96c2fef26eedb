//! The demo community's 服务清单: things done on the spot, done on the resident's behalf,
//! and special services, some with questions of their own.

use yizhan_core::model::{Field, FieldOption, FieldType, ServiceKind};

pub struct DemoService {
    pub code: &'static str,
    pub name: &'static str,
    pub category: &'static str,
    pub kind: ServiceKind,
    pub description: &'static str,
    pub sla_hours: Option<u32>,
    pub fields: fn() -> Vec<Field>,
}

fn none() -> Vec<Field> {
    Vec::new()
}

fn field(
    code: &str,
    label: &str,
    datatype: FieldType,
    required: bool,
    options: &[(&str, &str)],
) -> Field {
    Field {
        code: code.into(),
        label: label.into(),
        datatype,
        required,
        options: options
            .iter()
            .map(|(key, label)| FieldOption {
                key: (*key).into(),
                label: (*label).into(),
            })
            .collect(),
    }
}

use FieldType::{Date, Datetime, Multi, Number, Single, String as Str, Text};
use ServiceKind::{Direct, Proxy, Special};

pub const SERVICES: &[DemoService] = &[
    DemoService {
        code: "D01",
        name: "复印打印",
        category: "生活便民",
        kind: Direct,
        description: "服务站免费复印、打印证件和办事材料，每人每次 20 页以内。",
        sla_hours: None,
        fields: none,
    },
    DemoService {
        code: "D02",
        name: "血压血糖测量",
        category: "健康服务",
        kind: Direct,
        description: "服务站备有电子血压计和血糖仪，工作人员可协助测量并登记。",
        sla_hours: None,
        fields: none,
    },
    DemoService {
        code: "D03",
        name: "手机应急充电",
        category: "生活便民",
        kind: Direct,
        description: "多种接口充电线，服务站开放时间内随到随充。",
        sla_hours: None,
        fields: none,
    },
    DemoService {
        code: "D04",
        name: "政策咨询",
        category: "政务服务",
        kind: Direct,
        description: "社保、医保、养老、低保、住房等政策当场解答，复杂问题登记后三个工作日内回复。",
        sla_hours: Some(72),
        fields: none,
    },
    DemoService {
        code: "D05",
        name: "开具居住证明",
        category: "政务服务",
        kind: Direct,
        description: "本社区常住居民凭身份证开具居住证明。",
        sla_hours: Some(24),
        fields: || {
            vec![field(
                "purpose",
                "用途",
                Single,
                true,
                &[
                    ("school", "子女入学"),
                    ("job", "就业"),
                    ("bank", "银行业务"),
                    ("other", "其他"),
                ],
            )]
        },
    },
    DemoService {
        code: "D06",
        name: "法律咨询",
        category: "法律服务",
        kind: Direct,
        description: "每周三下午律师在服务站坐班，免费解答婚姻家庭、劳动、邻里纠纷等问题。",
        sla_hours: Some(168),
        fields: || {
            vec![
                field(
                    "topic",
                    "咨询类别",
                    Single,
                    true,
                    &[
                        ("family", "婚姻家庭"),
                        ("labour", "劳动纠纷"),
                        ("neighbour", "邻里纠纷"),
                        ("property", "房产物业"),
                        ("other", "其他"),
                    ],
                ),
                field("summary", "简要说明", Text, false, &[]),
            ]
        },
    },
    DemoService {
        code: "D07",
        name: "心理疏导",
        category: "健康服务",
        kind: Direct,
        description: "社区心理咨询师一对一倾听与疏导，严格保密。",
        sla_hours: Some(72),
        fields: none,
    },
    DemoService {
        code: "D08",
        name: "图书借阅",
        category: "文化活动",
        kind: Direct,
        description: "服务站阅览室藏书两千余册，凭居民证借阅，每次两本、一个月内归还。",
        sla_hours: None,
        fields: none,
    },
    DemoService {
        code: "D09",
        name: "老年证办理咨询",
        category: "政务服务",
        kind: Direct,
        description: "说明老年优待证办理条件和所需材料，可当场帮助填表。",
        sla_hours: None,
        fields: none,
    },
    DemoService {
        code: "P01",
        name: "代缴水电燃气费",
        category: "生活代办",
        kind: Proxy,
        description: "志愿者代为缴纳水费、电费、燃气费，缴费凭证送到家。",
        sla_hours: Some(24),
        fields: || {
            vec![
                field(
                    "utility",
                    "缴费项目",
                    Multi,
                    true,
                    &[("water", "水费"), ("power", "电费"), ("gas", "燃气费")],
                ),
                field("account", "户号", Str, true, &[]),
            ]
        },
    },
    DemoService {
        code: "P02",
        name: "代购药品",
        category: "医疗健康",
        kind: Proxy,
        description: "志愿者到药店或社区卫生服务站代购常用药，处方药需提供处方。",
        sla_hours: Some(24),
        fields: || {
            vec![
                field("medicine", "药品名称和数量", Text, true, &[]),
                field("pharmacy", "指定药店（可不填）", Str, false, &[]),
            ]
        },
    },
    DemoService {
        code: "P03",
        name: "代取快递",
        category: "生活代办",
        kind: Proxy,
        description: "从驿站或快递柜代取包裹送到家门口。",
        sla_hours: Some(12),
        fields: || vec![field("pickup_code", "取件码", Str, true, &[])],
    },
    DemoService {
        code: "P04",
        name: "代办医保报销",
        category: "政务代办",
        kind: Proxy,
        description: "代为提交门诊、住院医保报销材料并跟进进度。",
        sla_hours: Some(120),
        fields: none,
    },
    DemoService {
        code: "P05",
        name: "代办高龄津贴申请",
        category: "政务代办",
        kind: Proxy,
        description: "八十周岁以上老人高龄津贴申请，工作人员上门采集材料后代为提交。",
        sla_hours: Some(72),
        fields: none,
    },
    DemoService {
        code: "P06",
        name: "代买生活用品",
        category: "生活代办",
        kind: Proxy,
        description: "志愿者代买米面粮油、蔬菜水果等，按小票结算。",
        sla_hours: Some(24),
        fields: || vec![field("list", "购物清单", Text, true, &[])],
    },
    DemoService {
        code: "P07",
        name: "代办残疾证年审",
        category: "政务代办",
        kind: Proxy,
        description: "代为准备和递交残疾人证年审材料。",
        sla_hours: Some(120),
        fields: none,
    },
    DemoService {
        code: "P08",
        name: "预约挂号",
        category: "医疗健康",
        kind: Proxy,
        description: "代为在医院预约挂号，并把就诊时间和注意事项告诉您。",
        sla_hours: Some(24),
        fields: || {
            vec![
                field("hospital", "医院", Str, true, &[]),
                field("department", "科室", Str, false, &[]),
                field("date", "希望就诊日期", Date, true, &[]),
            ]
        },
    },
    DemoService {
        code: "P09",
        name: "代办养老金资格认证",
        category: "政务代办",
        kind: Proxy,
        description: "行动不便的老人由工作人员上门协助完成年度养老金资格认证。",
        sla_hours: Some(48),
        fields: none,
    },
    DemoService {
        code: "S01",
        name: "上门理发",
        category: "特色服务",
        kind: Special,
        description: "志愿理发师每月第二个周六上门为行动不便的老人理发。",
        sla_hours: Some(168),
        fields: || vec![field("date", "希望日期", Date, false, &[])],
    },
    DemoService {
        code: "S02",
        name: "家电维修",
        category: "特色服务",
        kind: Special,
        description: "志愿维修队上门检修小家电，只收材料费。",
        sla_hours: Some(48),
        fields: || {
            vec![
                field(
                    "appliance",
                    "家电类型",
                    Single,
                    true,
                    &[
                        ("tv", "电视"),
                        ("fridge", "冰箱"),
                        ("washer", "洗衣机"),
                        ("heater", "热水器"),
                        ("other", "其他"),
                    ],
                ),
                field("problem", "故障情况", Text, false, &[]),
            ]
        },
    },
    DemoService {
        code: "S03",
        name: "楼道灯报修",
        category: "特色服务",
        kind: Special,
        description: "楼道灯、单元门禁等公共设施报修，转物业处理并跟进。",
        sla_hours: Some(24),
        fields: || vec![field("location", "楼号和楼层", Str, true, &[])],
    },
    DemoService {
        code: "S04",
        name: "陪同就医",
        category: "医疗健康",
        kind: Special,
        description: "志愿者陪同独居、高龄老人去医院就诊，协助挂号、缴费、取药。",
        sla_hours: Some(48),
        fields: || {
            vec![
                field("hospital", "医院", Str, true, &[]),
                field("time", "出发时间", Datetime, true, &[]),
            ]
        },
    },
    DemoService {
        code: "S05",
        name: "助浴服务",
        category: "特色服务",
        kind: Special,
        description: "专业助浴员上门为失能、半失能老人助浴。",
        sla_hours: Some(72),
        fields: none,
    },
    DemoService {
        code: "S06",
        name: "独居老人探访",
        category: "关爱服务",
        kind: Special,
        description: "志愿者定期上门探望，聊天、测血压、检查水电燃气安全。",
        sla_hours: Some(48),
        fields: || vec![field("visits_per_week", "每周探访次数", Number, false, &[])],
    },
    DemoService {
        code: "S07",
        name: "爱心助餐送餐",
        category: "关爱服务",
        kind: Special,
        description: "社区老年食堂送餐上门，餐费按优惠标准结算。",
        sla_hours: Some(24),
        fields: || {
            vec![
                field(
                    "meals",
                    "送哪几餐",
                    Multi,
                    true,
                    &[("breakfast", "早餐"), ("lunch", "午餐"), ("dinner", "晚餐")],
                ),
                field("diet", "饮食禁忌", Text, false, &[]),
            ]
        },
    },
    DemoService {
        code: "S08",
        name: "适老化改造评估",
        category: "关爱服务",
        kind: Special,
        description: "上门评估卫生间扶手、防滑地面、夜灯等适老化改造需求。",
        sla_hours: Some(168),
        fields: none,
    },
];
