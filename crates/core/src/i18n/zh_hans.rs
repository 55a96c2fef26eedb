use super::Texts;

pub static TEXTS: Texts = Texts {
    app_name: "驿站",
    nav_label: "主导航",

    tab_home: "首页",
    tab_services: "服务",
    tab_orders: "订单",
    tab_grid: "网格",
    tab_volunteer: "志愿",
    settings: "设置",

    home_title: "我的社区",
    home_empty: "还没有社区信息",
    home_empty_hint: "联网登录后，这里会显示社区公告、您的订单和最近的服务站。",
    services_title: "服务清单",
    services_empty: "服务清单还没有下载",
    services_empty_hint: "联网登录后即可查看社区提供的服务，并在线下单。",
    orders_title: "我的订单",
    orders_empty: "还没有订单",
    orders_empty_hint: "在「服务」里选一项服务下单，或者许一个微心愿。",
    grid_title: "我的网格",
    grid_empty: "还没有网格联系人",
    grid_empty_hint: "联网登录后，这里会显示网格员、社区民警、物业等人的电话。",
    volunteer_title: "志愿服务",
    volunteer_empty: "还没有值班安排",
    volunteer_empty_hint: "联网登录后，这里会显示每周的志愿值班表，可以报名参加。",

    settings_language: "语言",
    settings_elder: "长辈版",
    settings_elder_hint: "字更大，按钮更大，可以朗读",
    settings_not_saved: "这个浏览器不能保存设置，关闭页面后会恢复默认。",

    sync_all_sent: "全部已发送",
    sync_waiting: |n| format!("{n} 条待发送"),
    sync_needs_attention: "需要处理",

    not_found_title: "找不到这个页面",
    not_found_back: "回到首页",
};
