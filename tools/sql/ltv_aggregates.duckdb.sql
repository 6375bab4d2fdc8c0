-- GENERATED from tools/sql/ltv_aggregates.sql by tools/sql/render.py for duckdb: edit the source.
-- The LTV pack's aggregates (format version 2, src/pack/aggregates.rs) from an orders table: an
-- aggregates-only pack, exact (k = 1), for a base too big for customer rows. One source for DuckDB,
-- BigQuery and Snowflake, rendered like tools/sql/ltv_pack.sql (its CTEs up to first_channel are
-- that file's, word for word: tools/sql/render.py --check fails when they differ).
-- The exact aggregates are the shop's own: before they leave, apply k where they were written:
--   cargo run --release --example pack -- suppress shop.aggregates.ltvpack.csv 10 > out.ltvpack.csv
--
-- Input and parameters: as tools/sql/ltv_pack.sql (the table `orders`; __SALT__, __CURRENCY__,
-- __TIME_ZONE__). The aggregates are as of the last purchase day of the table.
WITH params AS (
  SELECT '__SALT__' AS salt, '__CURRENCY__' AS currency
),
lines AS (
  SELECT
    CAST(customer_id AS VARCHAR) AS customer_id,
    COALESCE(CAST(order_id AS VARCHAR), CONCAT('#', CAST(ROW_NUMBER() OVER (ORDER BY customer_id, ordered_at, amount) AS VARCHAR))) AS order_key,
    CAST(timezone('__TIME_ZONE__', ordered_at) AS DATE) AS day,
    CAST(amount AS DECIMAL(18, 4)) AS amount,
    COALESCE(cancelled, FALSE) AS cancelled,
    CAST(gross_profit AS DECIMAL(18, 4)) AS gross_profit,
    NULLIF(CAST(channel AS VARCHAR), '') AS channel,
    NULLIF(CAST(product AS VARCHAR), '') AS product
  FROM orders
  WHERE customer_id IS NOT NULL AND amount IS NOT NULL AND ordered_at IS NOT NULL
),
flags AS (
  SELECT
    MAX(CASE WHEN gross_profit IS NOT NULL THEN 1 ELSE 0 END) AS has_profit,
    MAX(CASE WHEN channel IS NOT NULL THEN 1 ELSE 0 END) AS has_channel,
    MAX(CASE WHEN product IS NOT NULL THEN 1 ELSE 0 END) AS has_products
  FROM lines
),
kept_orders AS (
  SELECT customer_id, order_key FROM lines GROUP BY customer_id, order_key
  HAVING MAX(CASE WHEN cancelled THEN 1 ELSE 0 END) = 0
),
kept AS (
  SELECT l.* FROM lines l
  JOIN kept_orders k ON k.customer_id = l.customer_id AND k.order_key = l.order_key
),
order_day AS (
  SELECT customer_id, order_key, MIN(day) AS day FROM kept WHERE amount >= 0
  GROUP BY customer_id, order_key
),
placed AS (
  SELECT k.customer_id, k.order_key, COALESCE(d.day, k.day) AS day, k.amount, k.gross_profit,
    k.channel, k.product
  FROM kept k
  LEFT JOIN order_day d ON d.customer_id = k.customer_id AND d.order_key = k.order_key
),
days AS (
  SELECT customer_id, day,
    COUNT(DISTINCT CASE WHEN amount >= 0 THEN order_key END) AS orders,
    SUM(amount) AS revenue,
    COALESCE(SUM(gross_profit), 0) AS profit
  FROM placed GROUP BY customer_id, day
),
customers AS (
  SELECT customer_id,
    MIN(CASE WHEN orders > 0 THEN day END) AS first_day,
    MAX(CASE WHEN orders > 0 THEN day END) AS last_day,
    SUM(CASE WHEN orders > 0 THEN 1 ELSE 0 END) AS purchase_days,
    SUM(orders) AS orders,
    SUM(revenue) AS revenue,
    SUM(profit) AS profit
  FROM days GROUP BY customer_id HAVING MAX(orders) > 0
),
channel_ids AS (
  SELECT channel, DENSE_RANK() OVER (ORDER BY channel) - 1 AS id
  FROM (SELECT DISTINCT channel FROM lines WHERE channel IS NOT NULL) c
),
product_ids AS (
  SELECT product, DENSE_RANK() OVER (ORDER BY product) - 1 AS id
  FROM (SELECT DISTINCT product FROM lines WHERE product IS NOT NULL) p
),
first_channel AS (
  -- The channel of the first order (of two on the first day, the smaller name).
  SELECT p.customer_id, MIN(ci.id) AS id
  FROM placed p
  JOIN customers c ON c.customer_id = p.customer_id AND p.day = c.first_day
  JOIN channel_ids ci ON ci.channel = p.channel
  WHERE p.amount >= 0
  GROUP BY p.customer_id
),
first_product AS (
  -- The product of the first purchase day (of several, the smallest name: the pack's lines carry
  -- no prices, so there is no highest-priced line).
  SELECT p.customer_id, MIN(pi.id) AS id
  FROM placed p
  JOIN customers c ON c.customer_id = p.customer_id AND p.day = c.first_day
  JOIN product_ids pi ON pi.product = p.product
  WHERE p.amount >= 0
  GROUP BY p.customer_id
),
end_day AS (
  SELECT MAX(last_day) AS end_day, COUNT(*) AS customers FROM customers
),
histories AS (
  -- x: repeat purchase days; tₓ and T in days (src/summary.rs); their repeat revenue.
  SELECT c.customer_id,
    SUM(CASE WHEN d.orders > 0 AND d.day > c.first_day THEN 1 ELSE 0 END) AS x,
    DATE_DIFF('day', c.first_day, c.last_day) AS t_x,
    DATE_DIFF('day', c.first_day, e.end_day) AS t,
    SUM(CASE WHEN d.orders > 0 AND d.day > c.first_day THEN d.revenue ELSE 0 END) AS repeat_revenue
  FROM customers c
  JOIN days d ON d.customer_id = c.customer_id
  CROSS JOIN end_day e
  GROUP BY c.customer_id, c.first_day, c.last_day, e.end_day
),
fit AS (
  SELECT x, t_x, t, COUNT(*) AS n, SUM(repeat_revenue) AS repeat_revenue
  FROM histories GROUP BY x, t_x, t
),
cohort_of AS (
  SELECT c.customer_id, c.first_day,
    SUBSTR(STRFTIME(c.first_day, '%Y-%m-%d'), 1, 7) AS month,
    EXTRACT(YEAR FROM c.first_day) * 12 + EXTRACT(MONTH FROM c.first_day) AS month_no,
    COALESCE(fc.id, -1) AS channel, COALESCE(fp.id, -1) AS product
  FROM customers c
  LEFT JOIN first_channel fc ON fc.customer_id = c.customer_id
  LEFT JOIN first_product fp ON fp.customer_id = c.customer_id
),
customer_months AS (
  -- Each customer's months since acquisition (a refund dated before the first purchase: 0).
  SELECT o.month, o.channel, o.product,
    GREATEST(EXTRACT(YEAR FROM d.day) * 12 + EXTRACT(MONTH FROM d.day) - o.month_no, 0) AS month_offset,
    MAX(CASE WHEN d.orders > 0 THEN 1 ELSE 0 END) AS active,
    SUM(CASE WHEN d.orders > 0 THEN 1 ELSE 0 END) AS purchase_days,
    SUM(d.revenue) AS revenue, SUM(d.profit) AS profit
  FROM days d
  JOIN cohort_of o ON o.customer_id = d.customer_id
  CROSS JOIN end_day e
  WHERE d.day <= e.end_day
  GROUP BY o.customer_id, o.month, o.channel, o.product, 4
),
cohort_sizes AS (
  SELECT month, channel, product, COUNT(*) AS n FROM cohort_of GROUP BY month, channel, product
),
cube AS (
  SELECT m.month, m.channel, m.product, m.month_offset, s.n,
    SUM(m.active) AS active, SUM(m.purchase_days) AS purchase_days,
    SUM(m.revenue) AS revenue, SUM(m.profit) AS profit
  FROM customer_months m
  JOIN cohort_sizes s ON s.month = m.month AND s.channel = m.channel AND s.product = m.product
  GROUP BY m.month, m.channel, m.product, m.month_offset, s.n
),
meta AS (
  SELECT 'format' AS k, 'ltv-pack' AS v
  UNION ALL SELECT 'version', '2'
  UNION ALL SELECT 'salt_id', SUBSTR(SHA256(CONCAT('ltv-pack salt id:', salt)), 1, 16) FROM params
  UNION ALL SELECT 'currency', currency FROM params
  UNION ALL SELECT 'gross_profit', CASE WHEN has_profit = 1 THEN 'yes' ELSE 'no' END FROM flags
  UNION ALL SELECT 'channel', CASE WHEN has_channel = 1 THEN 'yes' ELSE 'no' END FROM flags
  UNION ALL SELECT 'products', CASE WHEN has_products = 1 THEN 'yes' ELSE 'no' END FROM flags
  UNION ALL SELECT 'customer_rows', 'no'
  UNION ALL SELECT 'agg_end', STRFTIME(end_day, '%Y-%m-%d') FROM end_day
  UNION ALL SELECT 'agg_k', '1'
  UNION ALL SELECT 'agg_customers', CAST(customers AS VARCHAR) FROM end_day
  UNION ALL SELECT 'fit_pooled', '0'
  UNION ALL SELECT 'cohort_pooled', '0'
  UNION ALL SELECT 'cohort_dropped', '0'
),
pack AS (
  SELECT 0 AS part, 'meta' AS record, k AS id, v AS name, '' AS channel,
    '' AS purchase_days, '' AS revenue, '' AS gross_profit, '' AS x, '' AS t_x, '' AS t,
    '' AS customers, '' AS repeat_revenue, '' AS month, '' AS month_offset, '' AS product, '' AS active
  FROM meta
  UNION ALL SELECT 1, 'channel', CAST(id AS VARCHAR), channel, '', '', '', '', '', '', '', '', '', '', '', '', '' FROM channel_ids
  UNION ALL SELECT 2, 'product', CAST(id AS VARCHAR), product, '', '', '', '', '', '', '', '', '', '', '', '', '' FROM product_ids
  UNION ALL
  SELECT 3, 'fit', '', '', '', '', '', '', CAST(x AS VARCHAR), CAST(t_x AS VARCHAR), CAST(t AS VARCHAR),
    CAST(n AS VARCHAR), CASE WHEN repeat_revenue = 0 THEN '0' ELSE RTRIM(RTRIM(CAST(repeat_revenue AS VARCHAR), '0'), '.') END, '', '', '', ''
  FROM fit
  UNION ALL
  SELECT 4, 'cohort', '', '', CASE WHEN c.channel < 0 THEN '' ELSE CAST(c.channel AS VARCHAR) END,
    CAST(c.purchase_days AS VARCHAR), CASE WHEN c.revenue = 0 THEN '0' ELSE RTRIM(RTRIM(CAST(c.revenue AS VARCHAR), '0'), '.') END,
    CASE WHEN f.has_profit = 1 THEN CASE WHEN c.profit = 0 THEN '0' ELSE RTRIM(RTRIM(CAST(c.profit AS VARCHAR), '0'), '.') END ELSE '' END,
    '', '', '', CAST(c.n AS VARCHAR), '', c.month, CAST(c.month_offset AS VARCHAR),
    CASE WHEN c.product < 0 THEN '' ELSE CAST(c.product AS VARCHAR) END, CAST(c.active AS VARCHAR)
  FROM cube c CROSS JOIN flags f
)
SELECT record, id, name, '' AS first_day, '' AS last_day, purchase_days, '' AS orders, revenue,
  gross_profit, '' AS revenue_first_365, channel, '' AS days, '' AS day_orders, '' AS day_revenue,
  '' AS day_profit, '' AS day_products, x, t_x, t, customers, repeat_revenue, month,
  month_offset AS "offset", product, active
FROM pack
-- Channels and products in their numbers' order (their names'): a reader checks it.
ORDER BY part, CASE WHEN part IN (1, 2) THEN name ELSE id END, month, channel, product, x, t_x, t
