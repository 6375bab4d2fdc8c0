//! Which column plays which role: recognised by header text (Japanese and English), never by
//! position.
//!
//! How this works: every header cell is normalised ([`normalize_header`]: full-width to half-width,
//! lower case, no spaces/underscores/hyphens, a trailing note such as `(-99999=無効値)` or `(税込)`
//! removed) and looked up in a synonym table per [`Role`] (in `synonyms.rs`: Japanese and English,
//! per platform). An exact match beats a match inside a longer Japanese header, and earlier
//! synonyms beat later ones (so `合計金額` wins over `請求金額` for the amount). Each column serves one
//! role at most. The caller's choices ([`ColumnChoice`]) always win over the automatic ones. The
//! roles themselves (names, needs, the order the import check lists them) are in `roles.rs`.

pub use roles::{role_list, Need, Role, RoleInfo, ROLES};
use serde::{Deserialize, Serialize};

mod roles;
mod synonyms;

/// What the amount column holds, which decides how the rows of one order are added up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, strum::EnumIter)]
#[serde(rename_all = "camelCase")]
pub enum AmountKind {
    /// The order's total, on the first row or repeated on every line (合計金額, Total):
    /// taken once per order.
    OrderTotal,
    /// The line's total (item-price on Amazon, 小計 of a line): summed over the lines.
    LineTotal,
    /// A unit price (単価, Lineitem price): price × quantity, summed over the lines.
    UnitPrice,
}

/// What the [`Role::Subscription`] column holds, from its header: how a cell marks a 定期 order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, strum::EnumIter)]
#[serde(rename_all = "camelCase")]
pub enum SubscriptionKind {
    /// The cycle number (定期回数, お届け回数): 1, 2, … is a 定期 order and its cycle; 0 or blank
    /// is not a 定期 order.
    Cycle,
    /// A subscription number (定期受注番号, 定期ID): any value marks a 定期 order.
    Id,
    /// The order's kind (受注区分, 購入種別): a value saying 定期 (subscription, 頒布会) marks one.
    OrderKind,
}

/// Whether a column is added to the amount or subtracted from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, strum::EnumIter)]
#[serde(rename_all = "camelCase")]
pub enum Sign {
    /// Added (shipping, gift wrap).
    Plus,
    /// Subtracted (a discount the shop pays for); its absolute value, whatever sign the file
    /// writes it with.
    Minus,
}

/// A column added to the amount or subtracted from it: 売上 is a small formula of columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Adjustment {
    /// Added or subtracted.
    pub sign: Sign,
    /// The column (index into the header).
    pub column: usize,
}

/// The adjustments a known platform's export needs for its 売上 (goods + shipping + fees charged
/// to the buyer, minus discounts the shop funds; never minus marketplace-funded points):
/// * Amazon order reports: `item-price` + `shipping-price` + `gift-wrap-price` −
///   `item-promotion-discount` − `ship-promotion-discount` (line by line; `item-tax` is not
///   added: Amazon.co.jp prices include tax);
/// * 楽天 RMS: `合計金額` − `店舗発行クーポン利用額` (once per order: 楽天's points and coupons are
///   paid to the shop by 楽天).
fn auto_adjustments(normalized: &[String], amount: Option<usize>) -> Vec<Adjustment> {
    let find = |name: &str| normalized.iter().position(|h| h == name);
    let term = |sign, name: &str| find(name).map(|column| Adjustment { sign, column });
    match amount.map(|i| normalized[i].as_str()) {
        Some("itemprice") if find("shippingprice").is_some() => [
            term(Sign::Plus, "shippingprice"),
            term(Sign::Plus, "giftwrapprice"),
            term(Sign::Minus, "itempromotiondiscount"),
            term(Sign::Minus, "shippromotiondiscount"),
        ]
        .into_iter()
        .flatten()
        .collect(),
        Some("合計金額") => term(Sign::Minus, "店舗発行クーポン利用額").into_iter().collect(),
        _ => Vec::new(),
    }
}

/// Normalises a header cell for matching: strips a BOM and zero-width characters, turns
/// full-width ASCII into half-width, lower-cases, removes spaces, `_`, `-`, `・` and `.`, and drops a
/// trailing note in brackets unless it names a part of a name (`(姓)`, `(名)`).
///
/// ```
/// use ltv::import::columns::normalize_header;
/// assert_eq!(normalize_header("\u{FEFF}Created at"), "createdat");
/// assert_eq!(normalize_header("合計金額(-99999=無効値)"), "合計金額");
/// assert_eq!(normalize_header("注文者郵便番号１"), "注文者郵便番号1");
/// assert_eq!(normalize_header("order_id"), "orderid");
/// ```
#[must_use]
pub fn normalize_header(raw: &str) -> String {
    let mut s = String::with_capacity(raw.len());
    for c in raw.chars() {
        let c = match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            '【' => '(',
            '】' => ')',
            _ => c,
        };
        match c {
            '\u{FEFF}' | '\u{200B}' | '\u{200C}' | '\u{200D}' => {}
            c if c.is_whitespace() => {}
            '_' | '-' | '・' | '.' | '"' | '\'' => {}
            c => s.extend(c.to_lowercase()),
        }
    }
    // Drop trailing bracketed notes, e.g. `(税込)`, `(円)`, `(utc)`, but keep `(姓)` / `(名)` and
    // `(id)`: EC-CUBE writes a code and a name of the same thing (`対応状況(ID)`, `対応状況(名称)`),
    // and the name is the one to read.
    while s.ends_with(')') {
        let Some(open) = s.rfind('(') else { break };
        let note = &s[open + 1..s.len() - 1];
        if open == 0 || matches!(note, "姓" | "名" | "セイ" | "メイ" | "id") {
            break;
        }
        s.truncate(open);
    }
    s
}

/// How well a normalised header matches a role: exact synonym (by rank), or a long Japanese
/// synonym found inside the header. Lower is better; `None` for no match.
fn match_rank(role: Role, header: &str) -> Option<u32> {
    if header.is_empty() {
        return None;
    }
    let syns = synonyms::of(role);
    if let Some(i) = syns.iter().position(|s| *s == header) {
        return Some(i as u32);
    }
    if let Some(i) = synonyms::exact(role).iter().position(|s| *s == header) {
        return Some((syns.len() + i) as u32);
    }
    if synonyms::NOT_THE_BUYER.iter().any(|p| header.starts_with(p)) {
        return None;
    }
    // 定期受注番号 is the subscription's number, not the order's.
    if role == Role::OrderId && header.starts_with("定期") {
        return None;
    }
    syns.iter()
        .position(|s| !s.is_ascii() && s.chars().count() >= 3 && header.contains(*s))
        .map(|i| 1000 + i as u32)
}

/// The column chosen for each role (by index into the header), and what the amount holds.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ColumnMap {
    slots: [Option<usize>; ROLES],
    /// Further columns of a contact detail split over several (joined to its own column, in
    /// this order, with its separator).
    pub parts: Vec<(Role, usize)>,
    /// How the amounts of one order's rows are combined.
    pub amount_kind: Option<AmountKind>,
    /// Columns added to the amount or subtracted from it, row by row.
    pub adjustments: Vec<Adjustment>,
    /// What the subscription column holds (from its header).
    #[serde(default)]
    pub subscription_kind: Option<SubscriptionKind>,
}

impl ColumnMap {
    /// The column of `role`, if any.
    #[must_use]
    pub fn get(&self, role: Role) -> Option<usize> {
        self.slots[role.index()]
    }

    /// Sets (or clears) the column of `role`.
    pub fn set(&mut self, role: Role, column: Option<usize>) {
        self.slots[role.index()] = column;
    }

    /// The roles that have a column, with that column.
    pub fn assigned(&self) -> impl Iterator<Item = (Role, usize)> + '_ {
        Role::ALL.iter().filter_map(|r| self.get(*r).map(|c| (*r, c)))
    }

    /// The roles still missing for an analysis: a date, an amount, and a customer key
    /// (customer number or e-mail).
    #[must_use]
    pub fn missing(&self) -> Vec<&'static str> {
        let mut missing = Vec::new();
        if self.get(Role::Customer).is_none() && self.get(Role::Email).is_none() {
            missing.push(Role::Customer.name());
        }
        for role in [Role::Date, Role::Amount] {
            if self.get(role).is_none() {
                missing.push(role.name());
            }
        }
        missing
    }

    /// A score of how much this header looks like an order file's (used to find the header row).
    #[must_use]
    pub fn score(&self) -> u32 {
        let weight = |r: Role| match r {
            Role::Date | Role::Amount => 4,
            Role::Customer | Role::Email | Role::OrderId => 3,
            _ => 1,
        };
        self.assigned().map(|(r, _)| weight(r)).sum()
    }
}

/// The caller's choice of columns by header text (exactly as in the file, or normalised), per role.
/// `Some("")` means "this role has no column" (e.g. to ignore a status column).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ColumnChoice {
    /// Per role, the header text of the chosen column.
    #[serde(flatten)]
    pub by_role: std::collections::BTreeMap<String, String>,
    /// Columns added to or subtracted from the amount, by header text with a leading `+` or `-`
    /// (`−` too); `None`: the platform's own (see [`map_columns`]), `Some(vec![])`: none.
    #[serde(skip)]
    pub adjustments: Option<Vec<String>>,
}

/// Picks a column for every role it can recognise in `header`, then applies `choice`.
///
/// # Errors
/// [`crate::Error::UnknownColumn`] when `choice` names a header that is not there, and
/// [`crate::Error::BadOptions`] for an unknown role name.
pub fn map_columns(header: &[String], choice: &ColumnChoice) -> crate::Result<ColumnMap> {
    let normalized: Vec<String> = header.iter().map(|h| normalize_header(h)).collect();
    let mut map = auto_map(&normalized);
    for (role_name, column) in &choice.by_role {
        let role = Role::ALL
            .iter()
            .copied()
            .find(|r| r.name() == role_name)
            .ok_or_else(|| crate::Error::BadOptions(format!("unknown role \"{role_name}\"")))?;
        map.parts.retain(|&(r, _)| r != role);
        if column.is_empty() {
            map.set(role, None);
            continue;
        }
        let idx = named_column(header, &normalized, column, role.name())?;
        // A column serves one role: the caller's choice takes it from any automatic role.
        for other in Role::ALL {
            if other != role && map.get(other) == Some(idx) {
                map.set(other, None);
            }
        }
        map.parts.retain(|&(_, i)| i != idx);
        map.set(role, Some(idx));
        if role == Role::Amount {
            map.amount_kind = Some(synonyms::amount_kind_of(&normalized[idx]));
            map.adjustments = auto_adjustments(&normalized, Some(idx));
        }
        if role == Role::Subscription {
            map.subscription_kind = Some(synonyms::subscription_kind_of(&normalized[idx]));
        }
    }
    if let Some(terms) = &choice.adjustments {
        map.adjustments = Vec::with_capacity(terms.len());
        for term in terms {
            let term = term.trim();
            let mut rest = term.chars();
            let (sign, name) = match rest.next() {
                Some('-' | '−' | '－') => (Sign::Minus, rest.as_str().trim()),
                Some('+' | '＋') => (Sign::Plus, rest.as_str().trim()),
                _ => (Sign::Plus, term),
            };
            let column = named_column(header, &normalized, name, "amount")?;
            if map.get(Role::Amount) != Some(column) {
                map.adjustments.push(Adjustment { sign, column });
            }
        }
    }
    Ok(map)
}

/// The column the caller names by its header text, exactly as in the file or normalised; an
/// [`crate::Error::UnknownColumn`] of `role` when there is none.
fn named_column(
    header: &[String],
    normalized: &[String],
    name: &str,
    role: &'static str,
) -> crate::Result<usize> {
    let wanted = normalize_header(name);
    header
        .iter()
        .position(|h| h == name)
        .or_else(|| normalized.iter().position(|h| *h == wanted))
        .ok_or_else(|| crate::Error::UnknownColumn { role, name: name.to_owned() })
}

/// The automatic mapping of a normalised header.
fn auto_map(normalized: &[String]) -> ColumnMap {
    let mut map = ColumnMap::default();
    let mut taken = vec![false; normalized.len()];
    let shopify = normalized.iter().any(|h| h == "financialstatus")
        && normalized.iter().any(|h| h == "lineitemquantity");
    for role in Role::ALL {
        let best = normalized
            .iter()
            .enumerate()
            .filter(|(i, _)| !taken[*i])
            .filter_map(|(i, h)| {
                // Shopify's `Name` is the order number (#1001), not a person.
                if shopify && role == Role::OrderId && h == "name" {
                    return Some((0, i));
                }
                match_rank(role, h).map(|rank| (rank, i))
            })
            .min();
        if let Some((_, i)) = best {
            taken[i] = true;
            map.set(role, Some(i));
        }
    }
    for role in Role::ALL.into_iter().filter(|r| r.is_contact()) {
        let (layouts, _) = synonyms::split_layouts(role);
        let position = |name: &&str| normalized.iter().position(|h| h == name);
        let found = layouts.iter().find_map(|l| l.iter().map(position).collect::<Option<Vec<_>>>());
        if let Some(columns) = found {
            if map.get(role).is_some_and(|i| !columns.contains(&i)) {
                continue; // a single column names it whole (氏名 beside 姓 and 名)
            }
            map.set(role, Some(columns[0]));
            map.parts.extend(columns[1..].iter().map(|&i| (role, i)));
        }
    }
    if let Some(i) = map.get(Role::Amount) {
        map.amount_kind = Some(synonyms::amount_kind_of(&normalized[i]));
    }
    map.adjustments = auto_adjustments(normalized, map.get(Role::Amount));
    map.subscription_kind =
        map.get(Role::Subscription).map(|i| synonyms::subscription_kind_of(&normalized[i]));
    map
}

/// The text that joins the parts of a split contact detail.
#[must_use]
pub fn part_separator(role: Role) -> &'static str {
    synonyms::split_layouts(role).1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(cells: &str) -> Vec<String> {
        cells.split(',').map(str::to_owned).collect()
    }

    fn mapped(cells: &str) -> Vec<(String, String)> {
        let h = header(cells);
        let map = map_columns(&h, &ColumnChoice::default()).unwrap();
        map.assigned().map(|(r, i)| (r.name().to_owned(), h[i].clone())).collect()
    }

    fn role_of(cells: &str, role: Role) -> Option<String> {
        let h = header(cells);
        map_columns(&h, &ColumnChoice::default()).unwrap().get(role).map(|i| h[i].clone())
    }

    #[test]
    fn a_plain_english_file_maps_every_column_in_any_order() {
        assert_eq!(
            mapped("amount,email,order_date,product,quantity,status,customer_id,order_id"),
            [
                ("date", "order_date"),
                ("amount", "amount"),
                ("customer", "customer_id"),
                ("email", "email"),
                ("orderId", "order_id"),
                ("status", "status"),
                ("quantity", "quantity"),
                ("product", "product"),
            ]
            .map(|(a, b)| (a.to_owned(), b.to_owned()))
        );
    }

    #[test]
    fn shopify_uses_name_as_order_and_total_as_amount() {
        let h = "Name,Email,Financial Status,Paid at,Currency,Subtotal,Total,Created at,Lineitem quantity,Lineitem name,Lineitem price,Cancelled at,Refunded Amount,Source,Id";
        assert_eq!(role_of(h, Role::OrderId).as_deref(), Some("Name"));
        assert_eq!(role_of(h, Role::Amount).as_deref(), Some("Total"));
        assert_eq!(role_of(h, Role::Date).as_deref(), Some("Created at"));
        assert_eq!(role_of(h, Role::Email).as_deref(), Some("Email"));
        assert_eq!(role_of(h, Role::Status).as_deref(), Some("Financial Status"));
        assert_eq!(role_of(h, Role::CancelledAt).as_deref(), Some("Cancelled at"));
        assert_eq!(role_of(h, Role::Refund).as_deref(), Some("Refunded Amount"));
        assert_eq!(role_of(h, Role::Channel).as_deref(), Some("Source"));
        assert_eq!(role_of(h, Role::Customer), None);
    }

    #[test]
    fn coupon_codes_are_found_under_each_platforms_header_but_coupon_amounts_are_not() {
        let shopify = "Name,Email,Total,Discount Code,Discount Amount,Created at";
        assert_eq!(role_of(shopify, Role::Coupon).as_deref(), Some("Discount Code"));
        let woo = "Date,Order #,Status,Customer,Coupon(s),Net sales";
        assert_eq!(role_of(woo, Role::Coupon).as_deref(), Some("Coupon(s)"));
        assert_eq!(
            role_of("OrderId,OrderTime,Total,CouponId", Role::Coupon).as_deref(),
            Some("CouponId")
        );
        let amazon = "amazon-order-id,purchase-date,buyer-email,item-price,promotion-ids";
        assert_eq!(role_of(amazon, Role::Coupon).as_deref(), Some("promotion-ids"));
        for h in ["クーポンコード", "クーポン名", "割引コード", "利用クーポンコード"]
        {
            let cells = format!("会員ID,注文日,合計金額,{h}");
            assert_eq!(role_of(&cells, Role::Coupon).as_deref(), Some(h), "{h}");
        }
        // Money, not a code: 楽天's coupon amounts, a bare クーポン column of amounts.
        let rakuten = "注文番号,注文日時,合計金額,クーポン利用額,店舗発行クーポン利用額,楽天発行クーポン利用額,クーポン";
        assert_eq!(role_of(rakuten, Role::Coupon), None);
    }

    #[test]
    fn rakuten_prefers_the_order_total_and_the_buyer_email() {
        let h = "注文番号,ステータス,注文日時,注文日,注文時間,商品合計金額,請求金額,合計金額,注文者メールアドレス,送付先メールアドレス,商品名,単価,個数";
        assert_eq!(role_of(h, Role::Amount).as_deref(), Some("合計金額"));
        assert_eq!(role_of(h, Role::Date).as_deref(), Some("注文日時"));
        assert_eq!(role_of(h, Role::Email).as_deref(), Some("注文者メールアドレス"));
        assert_eq!(role_of(h, Role::OrderId).as_deref(), Some("注文番号"));
        assert_eq!(role_of(h, Role::Time).as_deref(), Some("注文時間"));
    }

    #[test]
    fn ec_cube_and_futureshop_split_names_are_joined_like_rakutens() {
        let ec_cube = "注文ID,会員ID,お名前(姓),お名前(名),お名前(セイ),お名前(メイ),郵便番号1,郵便番号2,メールアドレス,支払合計,受注日";
        let h = header(ec_cube);
        let map = map_columns(&h, &ColumnChoice::default()).unwrap();
        let name: Vec<&str> = map
            .get(Role::Name)
            .into_iter()
            .chain(map.parts.iter().filter(|(r, _)| *r == Role::Name).map(|&(_, i)| i))
            .map(|i| h[i].as_str())
            .collect();
        assert_eq!(name, ["お名前(姓)", "お名前(名)"]);
        // futureshop writes the brackets full-width.
        let h = header("受注コード,注文日時,請求合計金額,氏名（姓）,氏名（名）,メールアドレス");
        let map = map_columns(&h, &ColumnChoice::default()).unwrap();
        assert_eq!(map.get(Role::Name).map(|i| h[i].as_str()), Some("氏名（姓）"));
        assert_eq!(map.parts, [(Role::Name, 4)]);
    }

    #[test]
    fn ec_cubes_status_is_its_name_not_its_numeric_code() {
        // 対応状況(ID) holds 1…8 (3 = 注文取消し); 対応状況(名称) the words the status rules read.
        let h = "注文ID,会員ID,メールアドレス,支払合計,対応状況(ID),対応状況(名称),受注日";
        assert_eq!(role_of(h, Role::Status).as_deref(), Some("対応状況(名称)"));
        // A file with the code alone still has a status column.
        let h = "注文ID,会員ID,支払合計,対応状況(ID),受注日";
        assert_eq!(role_of(h, Role::Status).as_deref(), Some("対応状況(ID)"));
    }

    #[test]
    fn makeshops_orderer_is_the_name_but_never_inside_a_longer_header() {
        let makeshop = "日付,注文時間,注文番号,処理状況,会員ID,メールアドレス,注文者,注文者(振り仮名),郵便番号,住所,電話番号,合計金額";
        assert_eq!(role_of(makeshop, Role::Name).as_deref(), Some("注文者"));
        // 楽天's 注文者… columns stay the e-mail, postal code and phone; the name is 姓 + 名.
        let rakuten = "注文番号,注文日時,合計金額,注文者郵便番号1,注文者郵便番号2,注文者姓,注文者名,注文者電話番号1,注文者電話番号2,注文者電話番号3,注文者メールアドレス";
        assert_eq!(role_of(rakuten, Role::Name).as_deref(), Some("注文者姓"));
        assert_eq!(role_of(rakuten, Role::PostalCode).as_deref(), Some("注文者郵便番号1"));
        assert_eq!(role_of(rakuten, Role::Email).as_deref(), Some("注文者メールアドレス"));
    }

    #[test]
    fn legacy_headers_with_notes_and_full_width_digits_match() {
        let h = "受注番号,注文日時,合計金額(-99999=無効値),会員ＩＤ";
        assert_eq!(role_of(h, Role::Amount).as_deref(), Some("合計金額(-99999=無効値)"));
        assert_eq!(role_of(h, Role::Customer).as_deref(), Some("会員ＩＤ"));
    }

    #[test]
    fn the_callers_choice_wins_and_frees_the_column_from_other_roles() {
        let h = header("会員ID,注文日,金額,電話番号");
        let mut choice = ColumnChoice::default();
        choice.by_role.insert("customer".into(), "電話番号".into());
        choice.by_role.insert("amount".into(), "".into());
        let map = map_columns(&h, &choice).unwrap();
        assert_eq!(map.get(Role::Customer), Some(3));
        assert_eq!(map.get(Role::Amount), None);
        assert_eq!(map.missing(), ["amount"]);
    }

    #[test]
    fn naming_a_column_that_is_not_there_is_a_clear_error() {
        let mut choice = ColumnChoice::default();
        choice.by_role.insert("date".into(), "購入日".into());
        let err = map_columns(&header("会員ID,注文日,金額"), &choice).unwrap_err();
        assert_eq!(err.code(), "unknown_column");
    }

    #[test]
    fn the_callers_adjustments_take_a_sign_of_either_width_or_none_for_plus() {
        let h = header("注文番号,注文日,合計金額,送料,クーポン,手数料,ポイント,割引");
        let terms = ["+送料", "−クーポン", "－ 手数料", "ポイント", "-割引", "＋合計金額"];
        let choice = ColumnChoice {
            adjustments: Some(terms.map(str::to_owned).to_vec()),
            ..ColumnChoice::default()
        };
        let map = map_columns(&h, &choice).unwrap();
        let found: Vec<(Sign, usize)> =
            map.adjustments.iter().map(|a| (a.sign, a.column)).collect();
        assert_eq!(
            found,
            [
                (Sign::Plus, 3),
                (Sign::Minus, 4),
                (Sign::Minus, 5),
                (Sign::Plus, 6),
                (Sign::Minus, 7)
            ]
        );
        let unknown = ColumnChoice { adjustments: Some(vec!["-送料無料".into()]), ..choice };
        assert_eq!(map_columns(&h, &unknown).unwrap_err().code(), "unknown_column");
    }

    #[test]
    fn unit_prices_and_line_totals_are_told_apart_from_order_totals() {
        let kind = |h: &str| map_columns(&header(h), &ColumnChoice::default()).unwrap().amount_kind;
        assert_eq!(kind("注文番号,注文日,単価,個数,会員ID"), Some(AmountKind::UnitPrice));
        assert_eq!(
            kind("order-id,purchase-date,item-price,buyer-email"),
            Some(AmountKind::LineTotal)
        );
        assert_eq!(kind("注文番号,注文日,合計金額,会員ID"), Some(AmountKind::OrderTotal));
    }
}
