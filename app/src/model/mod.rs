//! Domain types shared by the browser and the server. Constructors parse, so a value of one of
//! these types is valid wherever it travels.

mod automation;
mod client;
mod client_name;
mod email;
mod money;
mod notification;
mod order;
mod paging;
mod password;
mod phone;
mod plan;
mod template;
mod user;

pub use automation::{
    add_months_anchored, parse_days_before, parse_generation_time, period_concept, AutomationView, RunOutcome, RunView,
    DEFAULT_DAYS_BEFORE,
};
pub use client::{fold_for_search, parse_date, ClientData, ClientForm, ClientPage, ClientView};
pub use client_name::ClientName;
pub use email::Email;
pub use money::Money;
pub use notification::{
    AttemptView, Channel, ChannelSummary, DeliveryState, NotificationSettingsView, NotificationView, NotifyOutcome,
    RateLimits, SmtpEncryption, SmtpView, WhatsAppView,
};
pub use order::{
    parse_concept, HistoryEntry, MonthTotals, OrderDetail, OrderFilter, OrderPage, OrderSort, OrderState, OrderStatus, OrderView,
    PaymentMethod, StateTotal, Totals,
};
pub use password::Password;
pub use phone::Phone;
pub use template::{to_html, Template, TemplateValues, Variable, DEFAULT_SUBJECT, DEFAULT_TEMPLATE};
pub use plan::{parse_plan_name, Interval, PlanView};
pub use user::{AuthState, UserView};
