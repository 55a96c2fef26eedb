use super::Texts;

pub static TEXTS: Texts = Texts {
    app_name: "驛站",
    nav_label: "主導航",

    tab_home: "首頁",
    tab_services: "服務",
    tab_orders: "訂單",
    tab_grid: "網格",
    tab_volunteer: "志願",
    settings: "設定",

    home_title: "我的社區",
    home_empty: "還沒有社區資訊",
    home_empty_hint: "聯網登入後，這裡會顯示社區公告、您的訂單和最近的服務站。",
    services_title: "服務清單",
    services_empty: "服務清單還沒有下載",
    services_empty_hint: "聯網登入後即可查看社區提供的服務，並在線下單。",
    orders_title: "我的訂單",
    orders_empty: "還沒有訂單",
    orders_empty_hint: "在「服務」裡選一項服務下單，或者許一個微心願。",
    grid_title: "我的網格",
    grid_empty: "還沒有網格聯絡人",
    grid_empty_hint: "聯網登入後，這裡會顯示網格員、社區民警、物業等人的電話。",
    volunteer_title: "志願服務",
    volunteer_empty: "還沒有值班安排",
    volunteer_empty_hint: "聯網登入後，這裡會顯示每週的志願值班表，可以報名參加。",

    settings_language: "語言",
    settings_elder: "長輩版",
    settings_elder_hint: "字更大，按鈕更大，可以朗讀",
    settings_not_saved: "這個瀏覽器不能保存設定，關閉頁面後會恢復預設。",

    sync_all_sent: "全部已發送",
    sync_waiting: |n| format!("{n} 條待發送"),
    sync_needs_attention: "需要處理",

    not_found_title: "找不到這個頁面",
    not_found_back: "回到首頁",
};
