//! The header words that name each role, already normalised ([`super::normalize_header`]), from
//! the exports in `order-formats.md`: Japanese and English, per platform (Shopify, WooCommerce,
//! Amazon, 楽天 RMS, Yahoo!ショッピング, MakeShop, futureshop, EC-CUBE, ネクストエンジン, カラーミー,
//! BASE, STORES, ecforce, Stripe, Square); the words only a whole header may be; the contact
//! details exports split over several columns; the amount words by what they hold. A new
//! platform's header is taught here.

use super::{AmountKind, Role, SubscriptionKind};

/// Header beginnings of a ship-to or recipient column, which is never the buyer's.
pub(super) const NOT_THE_BUYER: [&str; 6] =
    ["送付先", "お届け先", "配送先", "shipping", "recipient", "ship"];

/// Synonyms per role, already normalised. Earlier entries are preferred.
pub(super) fn of(role: Role) -> &'static [&'static str] {
    match role {
        Role::Customer => &[
            "顧客id",
            "会員id",
            "顧客番号",
            "会員番号",
            "顧客コード",
            "お客様番号",
            "お客様id",
            "ユーザーid",
            "購入者id",
            "customerid",
            "customer",
            "customeruser",
            "customerreferenceid",
            "customerno",
            "customernumber",
            "userid",
            "memberid",
            "clientid",
            "buyerid",
            "会員",
            "顧客",
        ],
        Role::Email => &[
            "メールアドレス",
            "注文者メールアドレス",
            "購入者メールアドレス",
            "受注メールアドレス",
            "eメールアドレス",
            "eメール",
            "メール",
            "email",
            "emailaddress",
            "customeremail",
            "billingemail",
            "buyeremail",
            "billmailaddress",
            "mailaddress",
            "mail",
        ],
        Role::OrderId => &[
            "注文番号",
            "受注番号",
            "注文id",
            "受注id",
            "受注コード",
            "店舗伝票番号",
            "伝票番号",
            "オーダー番号",
            "注文no",
            "注文コード",
            "取引id",
            "取引no",
            "orderid",
            "ordernumber",
            "order#",
            "orderno",
            "amazonorderid",
            "ordernumberformatted",
            "transactionid",
            "paymentid",
            "invoiceid",
            "receiptnumber",
        ],
        Role::Date => &[
            "注文日時",
            "受注日時",
            "注文日",
            "受注日",
            "購入日時",
            "購入日",
            "注文日付",
            "受注日付",
            "売上日",
            "日付",
            "決済日時",
            "orderdate",
            "createdat",
            "created",
            "purchasedate",
            "ordertime",
            "ordertimeunixepoch",
            "orderedat",
            "datecreated",
            "date",
            "orderdatetime",
            "transactiondate",
            "paidat",
        ],
        Role::Time => {
            &["注文時間", "注文時刻", "受注時間", "時刻", "時間", "time", "ordertimeofday"]
        }
        Role::Amount => &AMOUNT,
        Role::Status => &[
            "ステータス",
            "受注ステータス",
            "注文ステータス",
            "処理状況",
            "処理状況区分",
            "対応状況",
            "発送状況",
            "配送状態",
            "注文状況",
            "状態",
            "financialstatus",
            "orderstatus",
            "status",
            "itemstatus",
            "storestatus",
            "eventtype",
            "transactionstatus",
            "dispatchstatus",
        ],
        Role::CancelledAt => &[
            "cancelledat",
            "canceledat",
            "キャンセル日",
            "キャンセル日時",
            "取消日",
            "キャンセル",
            "cancelled",
            "canceled",
        ],
        Role::Refund => &[
            "返金額",
            "合計返金額",
            "返金",
            "refundedamount",
            "amountrefunded",
            "partialrefunds",
            "refunds",
            "refund",
            "refundamount",
        ],
        Role::Profit => {
            &["粗利", "粗利益", "粗利額", "粗利金額", "利益", "grossprofit", "profit", "margin"]
        }
        Role::Cost => {
            &["原価", "原価合計", "仕入価格", "仕入金額", "仕入原価", "cost", "cogs", "costofgoods"]
        }
        Role::Channel => &[
            "流入元",
            "広告媒体",
            "媒体",
            "流入経路",
            "広告コード",
            "販売チャネル",
            "チャネル",
            "チャネル名",
            "参照元",
            "購入サイト",
            "モール",
            "店舗名",
            "source",
            "channel",
            "saleschannel",
            "orderchannel",
            "utmsource",
            "referer",
            "referrer",
            "attribution",
            "medium",
            "campaign",
            "acquisitionchannel",
        ],
        Role::Quantity => &[
            "個数",
            "数量",
            "購入数量",
            "受注数",
            "販売個数",
            "購入数",
            "quantity",
            "lineitemquantity",
            "qty",
            "quantitypurchased",
            "itemssold",
            "units",
        ],
        Role::Product => &[
            "商品名",
            "品名",
            "商品番号",
            "商品コード",
            "商品id",
            "lineitemname",
            "productname",
            "product",
            "products",
            "title",
            "item",
            "itemname",
            "sku",
            "lineitemsku",
        ],
        Role::Currency => &["通貨", "currency", "ordercurrency", "currencycode"],
        Role::Name => &[
            "氏名",
            "注文者氏名",
            "購入者氏名",
            "お名前",
            "購入者名",
            "顧客名",
            "会員名",
            "名前",
            "billingname",
            "buyername",
            "customername",
            "fullname",
        ],
        Role::PostalCode => &[
            "郵便番号",
            "注文者郵便番号",
            "購入者郵便番号",
            "請求先郵便番号",
            "zip",
            "zipcode",
            "postalcode",
            "postcode",
            "billingzip",
            "billingpostcode",
            "billingpostalcode",
        ],
        Role::Address => &[
            "住所",
            "注文者住所",
            "購入者住所",
            "請求先住所",
            "address",
            "billingaddress",
            "billingaddress1",
            "billingstreet",
        ],
        Role::Phone => &[
            "電話番号",
            "注文者電話番号",
            "購入者電話番号",
            "請求先電話番号",
            "電話",
            "tel",
            "phone",
            "phonenumber",
            "billingphone",
            "buyerphonenumber",
            "customerphone",
        ],
        Role::Subscription => &SUBSCRIPTION,
        // Never the bare クーポン or Discount: shops name their coupon amounts so (楽天's
        // クーポン利用額 is money, an adjustment of the amount, not a code).
        Role::Coupon => &[
            "クーポンコード",
            "クーポン名",
            "クーポン番号",
            "クーポンid",
            "利用クーポン",
            "使用クーポン",
            "割引コード",
            "プロモーションコード",
            "キャンペーンコード",
            "discountcode",
            "discountcodes",
            "couponcode",
            "couponcodes",
            "coupon",
            "coupons",
            "couponid",
            "promocode",
            "promotioncode",
            "promotionids",
            "vouchercode",
        ],
    }
}

/// The subscription column's synonyms, earlier preferred: cycle numbers, then subscription
/// numbers, then order kinds (a file with both 定期回数 and 受注区分 gives cycle numbers).
const SUBSCRIPTION: [&str; 24] = concat3(SUBSCRIPTION_CYCLES, SUBSCRIPTION_IDS, ORDER_KINDS);

/// Headers of a 定期 cycle number. (購入回数 is the customer's purchase count, not a cycle.)
const SUBSCRIPTION_CYCLES: [&str; 8] = [
    "定期回数",
    "定期購入回数",
    "定期お届け回数",
    "お届け回数",
    "申込お届け回数",
    "継続回数",
    "回数",
    "subscriptioncycle",
];

/// Headers of a subscription number.
const SUBSCRIPTION_IDS: [&str; 8] = [
    "定期受注番号",
    "定期id",
    "定期番号",
    "定期購入id",
    "定期購入番号",
    "申込番号",
    "subscriptionid",
    "subscription",
];

/// Headers of an order kind (通常 / 定期).
const ORDER_KINDS: [&str; 8] = [
    "受注区分",
    "購入種別",
    "受注種別",
    "注文種別",
    "注文区分",
    "購入区分",
    "定期区分",
    "ordertype",
];

/// What a subscription column holds, by its normalised header (an unknown header, chosen by
/// the user: read as an order kind, whose cells may also be cycle numbers).
pub(super) fn subscription_kind_of(normalized: &str) -> SubscriptionKind {
    if SUBSCRIPTION_CYCLES.contains(&normalized) {
        SubscriptionKind::Cycle
    } else if SUBSCRIPTION_IDS.contains(&normalized) {
        SubscriptionKind::Id
    } else {
        SubscriptionKind::OrderKind
    }
}

/// Synonyms that name a role only as the whole header, never inside a longer one: MakeShop's
/// `注文者` is the buyer's name, but `注文者メールアドレス` or `注文者郵便番号1` are not.
pub(super) fn exact(role: Role) -> &'static [&'static str] {
    match role {
        Role::Name => &["注文者"],
        _ => &[],
    }
}

/// Contact details some exports split over several columns (楽天: 注文者姓 + 注文者名,
/// 郵便番号1 + 2, 住所 in three parts, 電話番号 in three; EC-CUBE: お名前(姓) + お名前(名);
/// futureshop: 氏名(姓) + 氏名(名)), with the text that joins the parts.
/// The first layout whose columns are all present is used.
pub(super) fn split_layouts(role: Role) -> (&'static [&'static [&'static str]], &'static str) {
    match role {
        Role::Name => (
            &[
                &["注文者姓", "注文者名"],
                &["注文者名字", "注文者名前"],
                &["お名前(姓)", "お名前(名)"],
                &["氏名(姓)", "氏名(名)"],
                &["姓", "名"],
                &["billingfirstname", "billinglastname"],
            ],
            " ",
        ),
        Role::PostalCode => {
            (&[&["注文者郵便番号1", "注文者郵便番号2"], &["郵便番号1", "郵便番号2"]], "-")
        }
        Role::Address => (
            &[
                &["注文者住所都道府県", "注文者住所郡市区", "注文者住所それ以降の住所"],
                &["注文者住所:都道府県", "注文者住所:都市区", "注文者住所:町以降"],
                &["都道府県", "市区町村", "番地"],
            ],
            "",
        ),
        Role::Phone => (
            &[
                &["注文者電話番号1", "注文者電話番号2", "注文者電話番号3"],
                &["電話番号1", "電話番号2", "電話番号3"],
            ],
            "-",
        ),
        _ => (&[], ""),
    }
}

/// The amount's synonyms, earlier preferred: the order totals, then the line totals, then the
/// unit prices.
const AMOUNT: [&str; 42] = concat3(ORDER_TOTALS, LINE_TOTALS, UNIT_PRICES);

/// Amount headers of an order's total (合計金額, Total): taken once per order.
const ORDER_TOTALS: [&str; 29] = [
    "合計金額",
    "請求金額",
    "請求合計金額",
    "総合計金額",
    "総合計",
    "支払合計",
    "お支払い金額",
    "お支払金額",
    "注文金額",
    "注文合計",
    "購入金額",
    "売上金額",
    "税込合計",
    "合計",
    "金額",
    "売上",
    "total",
    "ordertotal",
    "totalprice",
    "totalamount",
    "totalcollected",
    "amount",
    "netsales",
    "grosssales",
    "revenue",
    "sales",
    "ordervalue",
    "value",
    "価格合計",
];

/// Amount headers of a line's total (item-price on Amazon, 小計 of a line): summed.
const LINE_TOTALS: [&str; 5] = ["linesubtotal", "itemprice", "明細金額", "小計", "linetotal"];

/// Amount headers of a unit price (単価, Lineitem price): × quantity, summed.
const UNIT_PRICES: [&str; 8] =
    ["単価", "販売単価", "商品単価", "売単価", "価格", "lineitemprice", "unitprice", "price"];

/// What an amount column holds, by its normalised header: a line total or a unit price when it
/// is one of their words, else the order's total.
pub(super) fn amount_kind_of(normalized: &str) -> AmountKind {
    if LINE_TOTALS.contains(&normalized) {
        AmountKind::LineTotal
    } else if UNIT_PRICES.contains(&normalized) {
        AmountKind::UnitPrice
    } else {
        AmountKind::OrderTotal
    }
}

/// `a`, `b` and `c` one after the other (`N` = their lengths' sum, checked when compiled).
const fn concat3<const A: usize, const B: usize, const C: usize, const N: usize>(
    a: [&'static str; A],
    b: [&'static str; B],
    c: [&'static str; C],
) -> [&'static str; N] {
    assert!(A + B + C == N, "N must be the three lengths' sum");
    let mut out = [""; N];
    let mut i = 0;
    while i < N {
        out[i] = if i < A {
            a[i]
        } else if i < A + B {
            b[i - A]
        } else {
            c[i - A - B]
        };
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_amount_words_are_the_order_totals_then_the_line_totals_then_the_unit_prices() {
        assert_eq!(AMOUNT[..29], ORDER_TOTALS);
        assert_eq!(AMOUNT[29..34], LINE_TOTALS);
        assert_eq!(AMOUNT[34..], UNIT_PRICES);
        assert_eq!(amount_kind_of("小計"), AmountKind::LineTotal);
        assert_eq!(amount_kind_of("単価"), AmountKind::UnitPrice);
        assert_eq!(amount_kind_of("価格合計"), AmountKind::OrderTotal);
    }
}
