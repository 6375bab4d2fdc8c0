//! The roles a column can play in an order file: their names in options and reports, whether
//! a file must have them, and the order the import check lists them in.

use serde::{Deserialize, Serialize};

/// A role a column can play in an order file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, strum::EnumIter)]
#[serde(rename_all = "camelCase")]
pub enum Role {
    /// The order date (注文日時), possibly with a time.
    Date,
    /// The money of the order (合計金額, Total) or of the line (see [`super::AmountKind`]).
    Amount,
    /// The shop's customer number (会員ID, 顧客ID, Customer ID).
    Customer,
    /// The buyer's e-mail (the customer key when there is no customer number).
    Email,
    /// The order number; rows sharing it are line items of one order.
    OrderId,
    /// The order status (ステータス, Financial Status); cancelled orders are excluded.
    Status,
    /// A column that is filled only when the order was cancelled (Shopify's `Cancelled at`).
    CancelledAt,
    /// An amount refunded on the order, subtracted from it (Refunded Amount).
    Refund,
    /// Gross profit of the order or line (粗利).
    Profit,
    /// Cost of goods of the order or line (原価); profit = amount − cost.
    Cost,
    /// Where the customer came from (流入元, 広告媒体, Source).
    Channel,
    /// A separate time-of-day column (MakeShop's `注文時間`).
    Time,
    /// Quantity of the line (個数).
    Quantity,
    /// Product name or code (商品名).
    Product,
    /// ISO currency of the row (Currency).
    Currency,
    /// The buyer's name (氏名, Billing Name), for the follow-up lists only.
    Name,
    /// The buyer's postal code (郵便番号).
    PostalCode,
    /// The buyer's address (住所).
    Address,
    /// The buyer's phone number (電話番号); also matches customers across files.
    Phone,
    /// Marks 定期 (subscription) orders: a cycle number (定期回数), a subscription number
    /// (定期受注番号) or an order kind (受注区分 = 定期); see [`super::SubscriptionKind`].
    Subscription,
    /// The coupon or discount code used on the order (Discount Code, Coupon(s), クーポンコード).
    Coupon,
}

/// How many roles there are.
pub const ROLES: usize = Role::ALL.len();

impl Role {
    /// Every role, in the order they are assigned (the most important first). The enum is
    /// declared in this order, so `role as usize` is its index here.
    pub const ALL: [Role; 21] = [
        Role::Date,
        Role::Amount,
        Role::Customer,
        Role::Email,
        Role::OrderId,
        Role::Status,
        Role::CancelledAt,
        Role::Refund,
        Role::Profit,
        Role::Cost,
        Role::Channel,
        Role::Time,
        Role::Quantity,
        Role::Product,
        Role::Currency,
        Role::Name,
        Role::PostalCode,
        Role::Address,
        Role::Phone,
        Role::Subscription,
        Role::Coupon,
    ];

    /// The role's name in options and reports, e.g. `"orderId"`.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Role::Customer => "customer",
            Role::Email => "email",
            Role::OrderId => "orderId",
            Role::Date => "date",
            Role::Time => "time",
            Role::Amount => "amount",
            Role::Status => "status",
            Role::CancelledAt => "cancelledAt",
            Role::Refund => "refund",
            Role::Profit => "profit",
            Role::Cost => "cost",
            Role::Channel => "channel",
            Role::Quantity => "quantity",
            Role::Product => "product",
            Role::Currency => "currency",
            Role::Name => "name",
            Role::PostalCode => "postalCode",
            Role::Address => "address",
            Role::Phone => "phone",
            Role::Subscription => "subscription",
            Role::Coupon => "coupon",
        }
    }

    /// Whether the role is a contact detail (kept only for the follow-up lists).
    #[must_use]
    pub fn is_contact(self) -> bool {
        matches!(self, Role::Name | Role::PostalCode | Role::Address | Role::Phone)
    }

    /// Whether an order file must have this role.
    ///
    /// ```
    /// use ltv::import::columns::{Need, Role};
    /// assert_eq!(Role::Email.need(), Need::Key);
    /// assert_eq!(Role::Date.need(), Need::Required);
    /// ```
    #[must_use]
    pub fn need(self) -> Need {
        match self {
            Role::Customer | Role::Email => Need::Key,
            Role::Date | Role::Amount => Need::Required,
            _ => Need::Optional,
        }
    }

    /// The role's position in [`Role::ALL`] (the declaration order).
    pub(crate) fn index(self) -> usize {
        self as usize
    }
}

/// Whether an order file must have a role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, strum::EnumIter)]
#[serde(rename_all = "camelCase")]
pub enum Need {
    /// One of the customer keys (customer number or e-mail) is needed.
    Key,
    /// Needed.
    Required,
    /// Used when present.
    Optional,
}

/// A role and whether it is needed, as the import check lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct RoleInfo {
    /// The role.
    pub role: Role,
    /// Whether an order file must have it.
    pub need: Need,
}

/// Every role with its need, in the order the import check lists them: the customer keys, the
/// two roles every file needs, then the optional ones, each group in [`Role::ALL`]'s order.
#[must_use]
pub fn role_list() -> Vec<RoleInfo> {
    let mut list: Vec<RoleInfo> =
        Role::ALL.iter().map(|&role| RoleInfo { role, need: role.need() }).collect();
    crate::order::sort_rows(&mut list, &|a, b| a.need.cmp(&b.need)); // stable: ALL's order within each need
    list
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_role_sits_at_its_own_index() {
        for (i, role) in Role::ALL.iter().enumerate() {
            assert_eq!(role.index(), i, "{role:?}");
        }
    }
}
