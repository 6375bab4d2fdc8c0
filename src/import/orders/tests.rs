use crate::import::tests::{import, issues_of};
use crate::import::{import_bytes, CustomerKey, ImportOptions, IssueKind};
use crate::overview::overview;

#[test]
fn line_items_make_one_order_and_blank_order_cells_are_not_zero() {
    // Shopify: the total is on the first row of the order only.
    let csv = "Name,Email,Financial Status,Total,Created at,Lineitem quantity,Lineitem name,Lineitem price\n\
               #1001,a@x.jp,paid,5300,2024-03-05 10:00:00 +0900,1,Mug,1200\n\
               #1001,a@x.jp,,,2024-03-05 10:00:00 +0900,2,Tee,2050\n\
               #1002,B@X.jp,paid,800,2024-03-06 10:00:00 +0900,1,Sock,800\n\
               #1003,a@x.jp,voided,999,2024-03-07 10:00:00 +0900,1,Cap,999\n";
    let i = import(csv.as_bytes());
    let o = overview(&i.dataset);
    assert_eq!((o.customers, o.orders, o.revenue.to_string()), (2, 2, "6100".into()));
    assert_eq!(i.report.counts.line_item_rows, 1);
    assert_eq!(i.report.customer_key, CustomerKey::Email);
    assert_eq!(o.top_customers[1].key, "b@x.jp", "e-mails are lower-cased");
    assert_eq!(i.report.counts.skipped[&IssueKind::Cancelled], 1);
}

#[test]
fn a_row_continues_an_order_only_with_its_order_number_and_customer() {
    // Blank order numbers are not order 1's lines: B and D are orders of their own.
    let csv = "customer,order id,date,amount\nA,1,2024-01-05,1000\nB,,2024-02-05,2000\n\
               D,,2024-03-05,3000\nC,2,2024-01-06,500\n";
    let i = import(csv.as_bytes());
    let o = overview(&i.dataset);
    // 1000 + 2000 + 3000 + 500
    assert_eq!((o.customers, o.orders, o.revenue.to_string()), (4, 4, "6500".into()));
    assert_eq!((i.report.counts.line_item_rows, i.report.counts.issues.len()), (0, 0));
    // Order 1 again with another customer right below: reported, never folded into A's.
    let csv = "customer,order id,date,amount\nA,1,2024-01-05,1000\nB,1,2024-02-05,2000\n\
               C,2,2024-01-06,500\n";
    let i = import(csv.as_bytes());
    let issues = issues_of(&i);
    assert_eq!(issues, [(3, IssueKind::SharedOrderNumber, "1 (2, 3)")]);
    let o = overview(&i.dataset);
    assert_eq!((o.customers, o.orders, o.revenue.to_string()), (2, 2, "1500".into()));
    // A line of order 1 without a customer cell is order 1's (1000 is its repeated total).
    let csv = "customer,order id,date,amount\nA,1,2024-01-05,1000\n,1,2024-01-05,1000\n";
    let i = import(csv.as_bytes());
    assert_eq!(i.report.counts.line_item_rows, 1);
    assert_eq!(overview(&i.dataset).revenue.to_string(), "1000");
}

#[test]
fn an_order_number_reused_further_down_by_another_customer_is_reported_not_kept() {
    // Order 1 is A's (line 2); B's order 1 on line 5, with other orders between, is not a
    // second order of the shop: reported with both lines, its rows left out. A's own later line
    // of order 1 (line 6, the total repeated) is order 1's: counted once. B's refund right
    // below it names the line above, as any row of another customer there does.
    let csv = "customer,order id,date,amount\nA,1,2024-01-05,1000\nC,2,2024-01-06,500\n\
               D,3,2024-01-07,700\nB,1,2024-02-05,2000\nA,1,2024-01-05,1000\n\
               B,1,2024-02-06,-300\n";
    let i = import(csv.as_bytes());
    let issues = issues_of(&i);
    assert_eq!(
        issues,
        [
            (5, IssueKind::SharedOrderNumber, "1 (2, 5)"),
            (7, IssueKind::SharedOrderNumber, "1 (6, 7)")
        ]
    );
    assert_eq!(i.report.counts.skipped[&IssueKind::SharedOrderNumber], 2);
    let o = overview(&i.dataset);
    // 1000 + 500 + 700: B is nobody's customer.
    assert_eq!((o.customers, o.orders, o.revenue.to_string()), (3, 3, "2200".into()));
    // The first customer to use a number owns it, whoever comes next: here B's rows of order 1
    // come first and A's are reported.
    let csv = "customer,order id,date,amount\nB,1,2024-02-05,2000\nC,2,2024-01-06,500\n\
               A,1,2024-01-05,1000\n";
    let i = import(csv.as_bytes());
    assert_eq!(issues_of(&i), [(4, IssueKind::SharedOrderNumber, "1 (2, 4)")]);
    assert_eq!(overview(&i.dataset).revenue.to_string(), "2500");
    // Adjacent rows of two customers: the second row is reported at once, and a further row of
    // that customer is still not order 1.
    let csv = "customer,order id,date,amount\nA,1,2024-01-05,1000\nB,1,2024-01-05,2000\n\
               B,1,2024-01-05,2000\n";
    let i = import(csv.as_bytes());
    let issues = issues_of(&i);
    assert_eq!(
        issues,
        [
            (3, IssueKind::SharedOrderNumber, "1 (2, 3)"),
            (4, IssueKind::SharedOrderNumber, "1 (2, 4)")
        ]
    );
    assert_eq!(overview(&i.dataset).revenue.to_string(), "1000");
}

#[test]
fn a_placeholder_date_is_left_out_and_reported_unless_kept() {
    // Days in order: 1900-01-01, 2024-01-05, 02-10, 03-15, 04-20. Q1 (rank 2) 2024-01-05,
    // Q3 (rank 4) 2024-03-15, IQR 70 days → a year: plausible from 2021-01-06 to 2027-03-15.
    let csv = "customer_id,order_date,amount\nA,2024-01-05,1000\nB,2024-02-10,2000\n\
               C,1900-01-01,500\nA,2024-03-15,1500\nD,2024-04-20,800\n";
    let i = import(csv.as_bytes());
    let issues = issues_of(&i);
    assert_eq!(issues, [(4, IssueKind::SuspiciousDate, "1900-01-01")]);
    let o = overview(&i.dataset);
    // 1000 + 2000 + 1500 + 800
    assert_eq!((o.customers, o.orders, o.revenue.to_string()), (3, 4, "5300".into()));
    assert_eq!(i.report.counts.orders, 4);
    assert_eq!(
        (i.report.first_day.as_deref(), i.report.last_day.as_deref()),
        (Some("2024-01-05"), Some("2024-04-20"))
    );
    // Kept when asked: the period starts in 1900 again, and the report says so.
    let keep = ImportOptions { keep_suspicious_dates: true, ..ImportOptions::default() };
    let i = import_bytes(csv.as_bytes(), &keep).unwrap();
    let o = overview(&i.dataset);
    assert_eq!(
        (o.customers, o.revenue.to_string(), o.first_day.as_str()),
        (4, "5800".into(), "1900-01-01")
    );
    assert_eq!((i.report.counts.suspicious_dates_kept, i.report.counts.issues.len()), (1, 0));
}

#[test]
fn a_far_date_takes_its_orders_refunds_with_it_and_a_far_refund_goes_too() {
    // Orders on 2024-01-05, 02-10, 03-15, 04-20 and 2099-12-31: Q1 (rank 2) 02-10, Q3 (rank
    // 4) 04-20, plausible from 2021-02-11 to 2027-04-20. Order 3 (2099) is left out with its
    // refund of 05-01; E's refund of 1970 is left out on its own.
    let csv = "order_id,customer_id,order_date,amount\n1,A,2024-01-05,1000\n\
               2,B,2024-02-10,2000\n3,C,2099-12-31,500\n4,A,2024-03-15,1500\n\
               5,D,2024-04-20,800\n3,C,2024-05-01,-200\n6,E,1970-01-01,-300\n";
    let i = import(csv.as_bytes());
    let issues = issues_of(&i);
    assert_eq!(
        issues,
        [
            (8, IssueKind::SuspiciousDate, "1970-01-01"),
            (4, IssueKind::SuspiciousDate, "2099-12-31")
        ]
    );
    let c = &i.report.counts;
    assert_eq!((c.skipped[&IssueKind::SuspiciousDate], c.refund_rows, c.orders), (3, 0, 4));
    let o = overview(&i.dataset);
    assert_eq!((o.customers, o.orders, o.revenue.to_string()), (3, 4, "5300".into()));
}

#[test]
fn unit_prices_are_multiplied_by_quantity_and_summed() {
    let csv = "注文番号,会員ID,注文日,単価,個数\n1,A,2024/3/5,1200,2\n1,A,2024/3/5,500,1\n2,A,2024/3/9,300,\n";
    let o = overview(&import(csv.as_bytes()).dataset);
    // 1200 × 2 + 500 × 1 = 2900 for order 1; 300 × 1 for order 2
    assert_eq!((o.orders, o.revenue.to_string()), (2, "3200".into()));
}

#[test]
fn repeated_order_totals_on_every_line_count_once() {
    // 楽天: the order's total is repeated on every line of the order.
    let csv = "注文番号,注文日時,合計金額,注文者メールアドレス,商品名\n\
               A-1,2024-03-05 10:00:00,5000,x@y.jp,one\n\
               A-1,2024-03-05 10:00:00,5000,x@y.jp,two\n\
               A-2,2024-03-08 10:00:00,700,x@y.jp,three\n\
               A-1,2024-03-05 10:00:00,5000,x@y.jp,three (sorted apart)\n";
    let i = import(csv.as_bytes());
    let o = overview(&i.dataset);
    assert_eq!((o.orders, o.revenue.to_string()), (2, "5700".into()));
    assert_eq!(i.report.merged_repeats, 1);
}

#[test]
fn refunds_are_subtracted_and_refund_rows_are_not_orders() {
    let csv = "order_id,customer_id,order_date,amount,refunded amount\n\
               1,A,2024-01-01,1000,200\n\
               2,A,2024-01-10,500,500\n\
               3,B,2024-01-02,800,\n\
               4,B,2024-01-02,-300,\n";
    let i = import(csv.as_bytes());
    let o = overview(&i.dataset);
    // A: 1000 − 200 (order 2 refunded in full is excluded); B: 800 − 300 (refund row, on
    // or before the last order day: a later one is left out, see overview's tests)
    assert_eq!((o.orders, o.revenue.to_string()), (2, "1300".into()));
    assert_eq!(i.report.counts.refund_rows, 1);
    assert_eq!(i.report.counts.skipped[&IssueKind::Refunded], 1);
    assert_eq!(o.purchase_days, 2);
}

#[test]
fn amounts_money_cannot_hold_exactly_are_reported_not_rounded() {
    let csv = "customer_id,order_date,amount\nA,2024-01-01,0.00001\nB,2024-01-02,1e3\n\
               C,2024-01-03,79000000000000000000000000000\nD,2024-01-04,12.3456\n";
    let i = import(csv.as_bytes());
    let issues: Vec<(u64, IssueKind)> =
        i.report.counts.issues.iter().map(|x| (x.line, x.kind)).collect();
    assert_eq!(
        issues,
        [(2, IssueKind::BadAmount), (3, IssueKind::BadAmount), (4, IssueKind::BadAmount)]
    );
    assert_eq!(overview(&i.dataset).revenue.to_string(), "12.3456");
}

#[test]
fn a_file_counts_only_the_customers_with_an_order_kept_in_it() {
    let header = "order_id,customer_id,order_date,amount,status\n";
    let january = format!("{header}1,A,2024-01-05,1000,paid\n2,E,2024-01-06,2000,paid\n");
    // February: A's order 1 again (a duplicate), B's only order cancelled, C's with a bad
    // date, E only a refund row; D is the one customer with an order kept in this file.
    let february = format!(
        "{header}1,A,2024-01-05,1000,paid\n3,B,2024-02-01,500,cancelled\n\
         4,C,2024-02-31,700,paid\n5,D,2024-02-03,900,paid\n6,E,2024-02-02,-300,paid\n"
    );
    let mut batch = crate::import::Batch::new();
    for file in [&january, &february] {
        let mut reader = batch.next_file(ImportOptions::default());
        reader.push(file.as_bytes()).unwrap();
        batch = reader.finish_into().unwrap();
    }
    let i = batch.finish().unwrap();
    let files = &i.report.files;
    assert_eq!((files[0].customers, files[1].customers), (2, 1));
    assert_eq!((files[0].counts.orders, files[1].counts.orders), (2, 1));
    let skipped = &files[1].counts.skipped;
    assert_eq!(
        (
            skipped.get(&IssueKind::DuplicateOrder),
            skipped.get(&IssueKind::Cancelled),
            skipped.get(&IssueKind::BadDate)
        ),
        (Some(&1), Some(&1), Some(&1))
    );
    assert_eq!(files[1].counts.refund_rows, 1);
    // The whole: A, E and D (1,000 + 2,000 − 300 + 900).
    let o = overview(&i.dataset);
    assert_eq!((i.report.customers, o.orders, o.revenue.to_string()), (3, 3, "3600".into()));
}

#[test]
fn a_repeated_date_is_still_checked_for_its_time() {
    // The second row reuses the first row's day, but its time is impossible.
    let csv = "customer_id,order_date,amount\nA,2024-03-05 10:00:00,1\nB,2024-03-05 25:00:00,2\n\
               C,2024-03-05,3\nD,2024-03-05T11:00:00,4\nE,2024-03-05 11:00,5\n";
    let i = import(csv.as_bytes());
    let issues: Vec<(u64, IssueKind)> =
        i.report.counts.issues.iter().map(|x| (x.line, x.kind)).collect();
    assert_eq!(issues, [(3, IssueKind::BadDate)]);
    assert_eq!(
        (overview(&i.dataset).orders, overview(&i.dataset).revenue.to_string()),
        (4, "13".into())
    );
}
