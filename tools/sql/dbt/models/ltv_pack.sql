-- GENERATED from tools/sql/ltv_pack.sql by tools/sql/render.py for dbt: edit the source.
-- The input is your project's model `ltv_orders` (the columns below); vars ltv_pack_salt,
-- ltv_pack_currency, ltv_pack_time_zone (tools/sql/README.md).
-- The LTV pack (format version 1, src/pack/mod.rs) from an orders table: one source for DuckDB,
-- BigQuery and Snowflake. The double-brace macros are the dialect differences; tools/sql/render.py
-- writes tools/sql/ltv_pack.<engine>.sql from this file (tools/sql/README.md explains each).
-- Edit this file, then `python3 tools/sql/render.py`; ./build.sh test fails when they differ.
--
-- Input: a table or view `orders`, one row per order (or per line: amounts add up), refunds as
-- rows of negative amount with their order's order_id:
--   customer_id   text, not null   the shop's customer number or the lower-cased e-mail
--   order_id      text             null: the row is an order of its own
--   ordered_at    TIMESTAMP WITH TIME ZONE (the calendar day is taken in the shop's zone)
--   amount        decimal          net of the shop's discounts; negative: a refund
--   cancelled     boolean          true: the order is left out with its refunds
--   gross_profit  decimal, null    the row's gross profit (null everywhere: no profit column)
--   channel       text, null       the acquisition channel (null everywhere: none)
--   product       text, null       the product (null everywhere: none)
-- Parameters: __SALT__ (the shop's secret, 8 characters or more; never in the pack),
-- __CURRENCY__ (ISO code), __TIME_ZONE__ (e.g. Asia/Tokyo).
-- The same rules as the page's importer: calendar day in the shop's time zone; a customer's orders
-- of one day are one purchase day; cancelled orders and their refunds left out; a refund lowers
-- its order's day; customers with only refunds left out.
WITH params AS (
  SELECT '{{ var('ltv_pack_salt') }}' AS salt, '{{ var('ltv_pack_currency', 'JPY') }}' AS currency
),
lines AS (
  SELECT
    CAST(customer_id AS {{ ltv_pack_text() }}) AS customer_id,
    COALESCE(CAST(order_id AS {{ ltv_pack_text() }}), CONCAT('#', CAST(ROW_NUMBER() OVER (ORDER BY customer_id, ordered_at, amount) AS {{ ltv_pack_text() }}))) AS order_key,
    {{ ltv_pack_local_day('ordered_at') }} AS day,
    CAST(amount AS {{ ltv_pack_money() }}) AS amount,
    COALESCE(cancelled, FALSE) AS cancelled,
    CAST(gross_profit AS {{ ltv_pack_money() }}) AS gross_profit,
    NULLIF(CAST(channel AS {{ ltv_pack_text() }}), '') AS channel,
    NULLIF(CAST(product AS {{ ltv_pack_text() }}), '') AS product
  FROM {{ ref('ltv_orders') }}
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
day_products AS (
  SELECT customer_id, day,
    {{ ltv_pack_string_agg('CAST(id AS ' ~ ltv_pack_text() ~ ')', '\';\'', 'id') }} AS cell
  FROM (
    SELECT DISTINCT p.customer_id, p.day, pi.id
    FROM placed p JOIN product_ids pi ON pi.product = p.product
    WHERE p.amount >= 0
  ) d
  GROUP BY customer_id, day
),
entries AS (
  SELECT d.customer_id, d.day, d.orders, d.revenue, d.profit, c.first_day,
    COALESCE(LAG(d.day) OVER (PARTITION BY d.customer_id ORDER BY d.day), c.first_day) AS prev_day,
    COALESCE(dp.cell, '-') AS products
  FROM days d
  JOIN customers c ON c.customer_id = d.customer_id
  LEFT JOIN day_products dp ON dp.customer_id = d.customer_id AND dp.day = d.day
),
lists AS (
  SELECT customer_id,
    {{ ltv_pack_string_agg('CAST(' ~ ltv_pack_days_between('prev_day', 'day') ~ ' AS ' ~ ltv_pack_text() ~ ')', '\' \'', 'day') }} AS days,
    {{ ltv_pack_string_agg('CAST(orders AS ' ~ ltv_pack_text() ~ ')', '\' \'', 'day') }} AS day_orders,
    MIN(orders) AS min_orders, MAX(orders) AS max_orders,
    {{ ltv_pack_string_agg(ltv_pack_money_text('revenue'), '\' \'', 'day') }} AS day_revenue,
    {{ ltv_pack_string_agg(ltv_pack_money_text('profit'), '\' \'', 'day') }} AS day_profit,
    {{ ltv_pack_string_agg('products', '\' \'', 'day') }} AS day_products,
    SUM(CASE WHEN day >= first_day AND day <= {{ ltv_pack_add_days('first_day', '364') }} THEN revenue ELSE 0 END) AS revenue_365
  FROM entries GROUP BY customer_id
),
pack AS (
  SELECT 0 AS part, 'format' AS sort_key, 'meta' AS record, 'format' AS id, 'ltv-pack' AS name,
    '' AS first_day, '' AS last_day, '' AS purchase_days, '' AS orders, '' AS revenue,
    '' AS gross_profit, '' AS revenue_first_365, '' AS channel, '' AS days, '' AS day_orders,
    '' AS day_revenue, '' AS day_profit, '' AS day_products
  UNION ALL SELECT 0, 'version', 'meta', 'version', '1', '', '', '', '', '', '', '', '', '', '', '', '', ''
  UNION ALL SELECT 0, 'salt_id', 'meta', 'salt_id', SUBSTR({{ ltv_pack_sha256_hex('CONCAT(\'ltv-pack salt id:\', salt)') }}, 1, 16), '', '', '', '', '', '', '', '', '', '', '', '', '' FROM params
  UNION ALL SELECT 0, 'currency', 'meta', 'currency', currency, '', '', '', '', '', '', '', '', '', '', '', '', '' FROM params
  UNION ALL SELECT 0, 'gross_profit', 'meta', 'gross_profit', CASE WHEN has_profit = 1 THEN 'yes' ELSE 'no' END, '', '', '', '', '', '', '', '', '', '', '', '', '' FROM flags
  UNION ALL SELECT 0, 'channel', 'meta', 'channel', CASE WHEN has_channel = 1 THEN 'yes' ELSE 'no' END, '', '', '', '', '', '', '', '', '', '', '', '', '' FROM flags
  UNION ALL SELECT 0, 'products', 'meta', 'products', CASE WHEN has_products = 1 THEN 'yes' ELSE 'no' END, '', '', '', '', '', '', '', '', '', '', '', '', '' FROM flags
  UNION ALL SELECT 1, channel, 'channel', CAST(id AS {{ ltv_pack_text() }}), channel, '', '', '', '', '', '', '', '', '', '', '', '', '' FROM channel_ids
  UNION ALL SELECT 2, product, 'product', CAST(id AS {{ ltv_pack_text() }}), product, '', '', '', '', '', '', '', '', '', '', '', '', '' FROM product_ids
  UNION ALL
  SELECT 3, h.id, 'customer', h.id, '',
    {{ ltv_pack_iso_day('c.first_day') }}, {{ ltv_pack_iso_day('c.last_day') }},
    CAST(c.purchase_days AS {{ ltv_pack_text() }}), CAST(c.orders AS {{ ltv_pack_text() }}), {{ ltv_pack_money_text('c.revenue') }},
    CASE WHEN f.has_profit = 1 THEN {{ ltv_pack_money_text('c.profit') }} ELSE '' END,
    {{ ltv_pack_money_text('l.revenue_365') }},
    COALESCE(CAST(fc.id AS {{ ltv_pack_text() }}), ''),
    l.days,
    CASE WHEN l.min_orders = 1 AND l.max_orders = 1 THEN '' ELSE l.day_orders END,
    l.day_revenue,
    CASE WHEN f.has_profit = 1 THEN l.day_profit ELSE '' END,
    CASE WHEN f.has_products = 1 THEN l.day_products ELSE '' END
  FROM customers c
  CROSS JOIN flags f
  JOIN lists l ON l.customer_id = c.customer_id
  LEFT JOIN first_channel fc ON fc.customer_id = c.customer_id
  JOIN (
    SELECT customer_id, SUBSTR({{ ltv_pack_sha256_hex('CONCAT(s.salt, \':\', customer_id)') }}, 1, 20) AS id
    FROM customers CROSS JOIN params s
  ) h ON h.customer_id = c.customer_id
)
SELECT record, id, name, first_day, last_day, purchase_days, orders, revenue, gross_profit,
  revenue_first_365, channel, days, day_orders, day_revenue, day_profit, day_products
FROM pack
ORDER BY part, sort_key
