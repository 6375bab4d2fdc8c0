//! The products of each purchase, through the importer into the dataset.

use crate::dataset::Dataset;
use crate::import::{import_bytes, ImportOptions};

fn dataset(csv: &str) -> Dataset {
    import_bytes(csv.as_bytes(), &ImportOptions::default()).unwrap().dataset
}

/// Per customer (in key order of first sight), per purchase day: the product names, sorted.
fn products(ds: &Dataset) -> Vec<Vec<Vec<&str>>> {
    let names = &ds.products.as_ref().unwrap().names;
    (0..ds.customers())
        .map(|c| {
            (0..ds.purchases_of(c).len())
                .map(|k| {
                    let mut v: Vec<&str> =
                        ds.products_of(c, k).iter().map(|&i| names[i as usize].as_str()).collect();
                    v.sort_unstable();
                    v
                })
                .collect()
        })
        .collect()
}

#[test]
fn line_items_give_each_order_its_products_and_a_day_the_union_of_its_orders() {
    // Shopify: one row per line item, the total on the first row. a@x.jp buys Mug + Tee in
    // #1001 and Mug again in #1002 the same day (one purchase day: {Mug, Tee}), Cap in #1004 a
    // week later; #1003 is voided (its Cap never counts); b@x.jp buys Sock.
    let csv = "Name,Email,Financial Status,Total,Created at,Lineitem quantity,Lineitem name,Lineitem price\n\
               #1001,a@x.jp,paid,5300,2024-03-05 10:00:00 +0900,1,Mug,1200\n\
               #1001,a@x.jp,,,2024-03-05 10:00:00 +0900,2,Tee,2050\n\
               #1002,a@x.jp,paid,1200,2024-03-05 18:00:00 +0900,1,Mug,1200\n\
               #1003,b@x.jp,voided,999,2024-03-06 10:00:00 +0900,1,Cap,999\n\
               #1005,b@x.jp,paid,800,2024-03-06 11:00:00 +0900,1,Sock,800\n\
               #1004,a@x.jp,paid,999,2024-03-12 10:00:00 +0900,1, Cap ,999\n";
    let ds = dataset(csv);
    assert_eq!(
        products(&ds),
        vec![vec![vec!["Mug", "Tee"], vec!["Cap"]], vec![vec!["Sock"]]],
        "names are trimmed; the voided order's Cap is not b's"
    );
    // Four distinct names, each stored once (Cap of the voided order was seen first).
    assert_eq!(ds.products.as_ref().unwrap().names.len(), 4);
    // Order totals only: no line has a price of its own, so no highest-priced line.
    assert_eq!(ds.top_product_of(0, 0), None);
}

#[test]
fn unit_prices_name_the_highest_priced_line_of_a_purchase() {
    // 単価 × 数量 per line: order 1 = お試しセット 980 × 1 and 美容液 3,000 × 1 → 美容液 is the top
    // line; order 2 (same day, same customer) = 送料 500: the day's top stays 美容液 (3,000 >
    // 500). Customer B: 美容液 1,500 × 1 vs 化粧水 800 × 2 = 1,600 → 化粧水.
    let csv = "会員ID,注文番号,注文日,商品名,単価,数量\n\
               A,1,2024/4/1,【お試し】お試しセット,980,1\n\
               A,1,2024/4/1,美容液,3000,1\n\
               A,2,2024/4/1,送料,500,1\n\
               B,3,2024/4/2,美容液,1500,1\n\
               B,3,2024/4/2,化粧水,800,2\n";
    let ds = dataset(csv);
    let names = &ds.products.as_ref().unwrap().names;
    let top = |c| names[ds.top_product_of(c, 0).unwrap() as usize].as_str();
    assert_eq!((top(0), top(1)), ("美容液", "化粧水"));
    assert_eq!(
        products(&ds),
        vec![
            vec![vec!["【お試し】お試しセット", "美容液", "送料"]],
            vec![vec!["化粧水", "美容液"]]
        ]
    );
    // The money is untouched: 980 + 3,000 + 500 and 1,500 + 1,600.
    let revenue: Vec<String> =
        ds.purchases.iter().map(|p| p.revenue.to_decimal().to_string()).collect();
    assert_eq!(revenue, ["4480", "3100"]);
}

#[test]
fn lines_of_one_order_apart_in_the_file_are_merged_with_their_products() {
    // Order 1's lines are split by order 2: one order of A (total once) with both products.
    let csv = "customer,order id,date,amount,product\n\
               A,1,2024-01-05,1000,Tea\n\
               B,2,2024-01-05,700,Tea\n\
               A,1,2024-01-05,1000,Cup\n\
               A,3,2024-02-01,400,\n";
    let ds = dataset(csv);
    assert_eq!(products(&ds), vec![vec![vec!["Cup", "Tea"], vec![]], vec![vec!["Tea"]]]);
    assert_eq!(ds.purchases_of(0)[0].revenue.to_decimal().to_string(), "1000");
}

#[test]
fn products_stay_with_their_purchases_when_refund_only_customers_are_left_out() {
    // R has only a refund (left out with its purchases); A's and C's products keep their place.
    let csv = "customer,order id,date,amount,product\n\
               R,9,2024-01-01,-500,Old\n\
               A,1,2024-01-02,1000,Tea\n\
               C,2,2024-01-03,800,Cup\n\
               A,3,2024-01-04,300,Cup\n";
    let ds = dataset(csv);
    assert_eq!(ds.customers(), 2);
    assert_eq!(products(&ds), vec![vec![vec!["Tea"], vec!["Cup"]], vec![vec!["Cup"]]]);
}

#[test]
fn a_file_without_a_product_column_has_no_products() {
    let ds = dataset("customer,date,amount\nA,2024-01-01,100\n");
    assert!(ds.products.is_none());
    assert!(ds.products_of(0, 0).is_empty());
}

#[test]
fn a_product_column_of_a_later_file_leaves_the_earlier_files_orders_without_products() {
    use crate::import::Batch;
    // File 1 has no product column; file 2 has one; file 3 has none again. (Customer numbers of
    // files with other headers are another platform's: three customers.) File 1's order has no
    // products, file 2's has Tea, file 3's none: the side column stays aligned.
    let files = [
        "customer,order id,date,amount\nA,1,2024-01-01,100\n",
        "customer,order id,date,amount,product\nA,2,2024-02-01,200,Tea\n",
        "customer,order id,date,amount\nB,3,2024-03-01,300\n",
    ];
    let mut batch = Batch::new();
    for f in files {
        let mut reader = batch.next_file(ImportOptions::default());
        reader.push(f.as_bytes()).unwrap();
        batch = reader.finish_into().unwrap();
    }
    let ds = batch.finish().unwrap().dataset;
    assert_eq!(products(&ds), vec![vec![vec![]], vec![vec!["Tea"]], vec![vec![]]]);
}
