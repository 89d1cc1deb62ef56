-- The CoreCraft world: 14 entity types with their child tables.
-- Money is integer cents; every timestamp is UTC ISO-8601 text ('2026-03-16T14:05:00Z'), dates
-- are 'YYYY-MM-DD'. Top-level entities have human-facing text ids (what an agent reads and types).

PRAGMA foreign_keys = ON;

-- 1. Loyalty tiers: thresholds and benefits (the numbers of the loyalty policy).
CREATE TABLE loyalty_tiers (
    name TEXT PRIMARY KEY CHECK (name IN ('Standard', 'Silver', 'Gold', 'Platinum')),
    rank INTEGER NOT NULL UNIQUE CHECK (rank BETWEEN 0 AND 3),
    min_lifetime_spend_cents INTEGER NOT NULL CHECK (min_lifetime_spend_cents >= 0),
    return_window_days INTEGER NOT NULL CHECK (return_window_days >= 0),
    restocking_fee_pct INTEGER NOT NULL CHECK (restocking_fee_pct BETWEEN 0 AND 100),
    -- 0 = standard shipping always free
    free_standard_shipping_over_cents INTEGER NOT NULL CHECK (free_standard_shipping_over_cents >= 0),
    free_expedited_shipping INTEGER NOT NULL CHECK (free_expedited_shipping IN (0, 1)),
    price_match_days INTEGER NOT NULL CHECK (price_match_days >= 0),
    benefits TEXT NOT NULL
);

-- 2. SLAs: first-response and resolution targets by tier x priority.
CREATE TABLE slas (
    id TEXT PRIMARY KEY,
    tier TEXT NOT NULL REFERENCES loyalty_tiers(name),
    priority TEXT NOT NULL CHECK (priority IN ('low', 'normal', 'high', 'urgent')),
    first_response_hours INTEGER NOT NULL CHECK (first_response_hours > 0),
    resolution_hours INTEGER NOT NULL CHECK (resolution_hours >= first_response_hours),
    UNIQUE (tier, priority)
);

-- 3. Company policies: versioned markdown; `parameters` holds the policy's numbers as JSON.
CREATE TABLE company_policies (
    id TEXT PRIMARY KEY,
    slug TEXT NOT NULL,
    title TEXT NOT NULL,
    version INTEGER NOT NULL CHECK (version >= 1),
    effective_date TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('current', 'superseded')),
    superseded_by TEXT REFERENCES company_policies(id),
    summary TEXT NOT NULL,
    body TEXT NOT NULL,
    parameters TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(parameters)),
    UNIQUE (slug, version)
);
CREATE UNIQUE INDEX one_current_policy_per_slug ON company_policies(slug) WHERE status = 'current';

-- 4. Warranty policies: by category (and brand line) and condition.
CREATE TABLE warranty_policies (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    category TEXT,                       -- NULL: any category (open-box, refurbished)
    condition TEXT NOT NULL CHECK (condition IN ('new', 'open_box', 'refurbished')),
    premium_only INTEGER NOT NULL DEFAULT 0 CHECK (premium_only IN (0, 1)),
    duration_months INTEGER NOT NULL CHECK (duration_months > 0),
    provider TEXT NOT NULL CHECK (provider IN ('manufacturer', 'corecraft')),
    coverage TEXT NOT NULL,
    claim_process TEXT NOT NULL
);

-- 5. Products: the catalogue, with the specs compatibility needs as typed columns.
CREATE TABLE products (
    id TEXT PRIMARY KEY,
    sku TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    brand TEXT NOT NULL,
    model TEXT NOT NULL,
    category TEXT NOT NULL CHECK (category IN (
        'cpu', 'gpu', 'motherboard', 'memory', 'ssd', 'hdd', 'psu', 'case', 'air_cooler',
        'liquid_cooler', 'monitor', 'peripheral', 'prebuilt', 'service')),
    price_cents INTEGER NOT NULL CHECK (price_cents > 0),
    weight_grams INTEGER NOT NULL CHECK (weight_grams >= 0),
    release_date TEXT NOT NULL,
    description TEXT NOT NULL,
    -- compatibility specs (NULL where a spec does not apply to the category)
    socket TEXT,                         -- cpu, motherboard
    chipset TEXT,                        -- motherboard
    form_factor TEXT,                    -- motherboard (ATX, Micro-ATX, Mini-ITX), psu (ATX, SFX), case (largest board)
    memory_type TEXT,                    -- cpu, motherboard, memory: DDR4 / DDR5
    memory_slots INTEGER,                -- motherboard
    max_memory_gb INTEGER,               -- motherboard
    memory_modules INTEGER,              -- memory kit: sticks in the kit
    capacity_gb INTEGER,                 -- memory kit total, ssd, hdd
    m2_slots INTEGER,                    -- motherboard
    interface TEXT,                      -- ssd/hdd: NVMe PCIe 4.0, NVMe PCIe 5.0, SATA
    storage_form_factor TEXT,            -- ssd/hdd: M.2 2280, 2.5in, 3.5in
    tdp_watts INTEGER,                   -- cpu, gpu (board power)
    wattage INTEGER,                     -- psu output
    recommended_psu_watts INTEGER,       -- gpu
    length_mm INTEGER,                   -- gpu card length
    max_gpu_length_mm INTEGER,           -- case
    height_mm INTEGER,                   -- air cooler height
    max_cooler_height_mm INTEGER,        -- case
    radiator_mm INTEGER,                 -- liquid cooler radiator size
    max_radiator_mm INTEGER,             -- case
    supported_sockets TEXT,              -- cooler: comma-separated sockets
    cooler_tdp_watts INTEGER,            -- cooler rating
    psu_form_factor TEXT,                -- case: ATX / SFX supported
    efficiency TEXT,                     -- psu: 80+ rating
    premium_line INTEGER NOT NULL DEFAULT 0 CHECK (premium_line IN (0, 1)),  -- psu 10-year lines
    final_sale INTEGER NOT NULL DEFAULT 0 CHECK (final_sale IN (0, 1)),      -- clearance: not returnable
    discontinued INTEGER NOT NULL DEFAULT 0 CHECK (discontinued IN (0, 1)),
    superseded_by TEXT REFERENCES products(id),
    CHECK (superseded_by IS NULL OR discontinued = 1),
    CHECK (superseded_by IS NULL OR superseded_by <> id)
);
CREATE INDEX products_category ON products(category, brand);
CREATE INDEX products_price ON products(price_cents);

-- 6. Compatibility rules: machine-checkable, implemented by kind in code with these parameters.
CREATE TABLE compatibility_rules (
    id TEXT PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    severity TEXT NOT NULL CHECK (severity IN ('error', 'warning')),
    description TEXT NOT NULL,
    parameters TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(parameters))
);

-- 7. Inventory: stock per product x warehouse.
CREATE TABLE inventory (
    id INTEGER PRIMARY KEY,
    product_id TEXT NOT NULL REFERENCES products(id),
    warehouse TEXT NOT NULL,
    on_hand INTEGER NOT NULL CHECK (on_hand >= 0),
    reserved INTEGER NOT NULL CHECK (reserved >= 0 AND reserved <= on_hand),
    restock_date TEXT,
    UNIQUE (product_id, warehouse)
);

-- 8. Customers.
CREATE TABLE customers (
    id TEXT PRIMARY KEY,
    first_name TEXT NOT NULL,
    last_name TEXT NOT NULL,
    email TEXT NOT NULL UNIQUE COLLATE NOCASE,
    alt_email TEXT COLLATE NOCASE,
    phone TEXT NOT NULL,
    street TEXT NOT NULL,
    city TEXT NOT NULL,
    state TEXT NOT NULL,
    postal_code TEXT NOT NULL,
    country TEXT NOT NULL DEFAULT 'US',
    tier TEXT NOT NULL REFERENCES loyalty_tiers(name),
    -- spend before the order system's history begins (orders older than history_days are
    -- archived); lifetime spend = legacy spend + the orders on file (see world/invariants)
    legacy_spend_cents INTEGER NOT NULL DEFAULT 0 CHECK (legacy_spend_cents >= 0),
    lifetime_spend_cents INTEGER NOT NULL CHECK (lifetime_spend_cents >= 0),
    store_credit_cents INTEGER NOT NULL DEFAULT 0 CHECK (store_credit_cents >= 0),
    notes TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX customers_name ON customers(last_name COLLATE NOCASE, first_name COLLATE NOCASE);
CREATE INDEX customers_phone ON customers(phone);
CREATE INDEX customers_alt_email ON customers(alt_email);

-- 9. Promotions.
CREATE TABLE promotions (
    id TEXT PRIMARY KEY,
    code TEXT NOT NULL UNIQUE COLLATE NOCASE,
    description TEXT NOT NULL,
    discount_type TEXT NOT NULL CHECK (discount_type IN ('percent', 'fixed')),
    discount_value INTEGER NOT NULL CHECK (discount_value > 0),  -- percent points, or cents
    max_discount_cents INTEGER,
    min_spend_cents INTEGER NOT NULL DEFAULT 0 CHECK (min_spend_cents >= 0),
    starts_on TEXT NOT NULL,
    ends_on TEXT NOT NULL,
    categories TEXT,                     -- comma-separated product categories; NULL = all
    min_tier TEXT REFERENCES loyalty_tiers(name),
    stackable INTEGER NOT NULL DEFAULT 0 CHECK (stackable IN (0, 1)),
    one_per_customer INTEGER NOT NULL DEFAULT 0 CHECK (one_per_customer IN (0, 1)),
    active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    CHECK (ends_on >= starts_on),
    CHECK (discount_type <> 'percent' OR discount_value <= 100)
);

-- 10. Orders, with items, status history and returns.
CREATE TABLE orders (
    id TEXT PRIMARY KEY,
    customer_id TEXT NOT NULL REFERENCES customers(id),
    status TEXT NOT NULL CHECK (status IN (
        'pending', 'processing', 'shipped', 'delivered', 'cancelled', 'returned')),
    placed_at TEXT NOT NULL,
    subtotal_cents INTEGER NOT NULL CHECK (subtotal_cents >= 0),
    discount_cents INTEGER NOT NULL DEFAULT 0 CHECK (discount_cents >= 0),
    shipping_cents INTEGER NOT NULL DEFAULT 0 CHECK (shipping_cents >= 0),
    total_cents INTEGER NOT NULL CHECK (total_cents >= 0),
    promotion_code TEXT REFERENCES promotions(code),
    shipping_method TEXT NOT NULL CHECK (shipping_method IN ('standard', 'expedited', 'overnight')),
    ship_name TEXT NOT NULL,
    ship_street TEXT NOT NULL,
    ship_city TEXT NOT NULL,
    ship_state TEXT NOT NULL,
    ship_postal_code TEXT NOT NULL,
    -- payment (NULL method/captured: the receipt record is missing, a planted mess)
    payment_method TEXT CHECK (payment_method IN ('card', 'paypal', 'store_credit', 'financing')),
    card_last4 TEXT,
    captured_cents INTEGER CHECK (captured_cents >= 0),
    refunded_cents INTEGER NOT NULL DEFAULT 0 CHECK (refunded_cents >= 0),
    notes TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL,
    CHECK (total_cents = subtotal_cents - discount_cents + shipping_cents),
    CHECK (captured_cents IS NULL OR refunded_cents <= captured_cents)
);
CREATE INDEX orders_customer ON orders(customer_id, placed_at);
CREATE INDEX orders_status ON orders(status, placed_at);
CREATE INDEX orders_placed ON orders(placed_at);

CREATE TABLE order_items (
    id INTEGER PRIMARY KEY,
    order_id TEXT NOT NULL REFERENCES orders(id),
    product_id TEXT NOT NULL REFERENCES products(id),
    quantity INTEGER NOT NULL CHECK (quantity > 0),
    unit_price_cents INTEGER NOT NULL CHECK (unit_price_cents >= 0),
    condition TEXT NOT NULL DEFAULT 'new' CHECK (condition IN ('new', 'open_box', 'refurbished')),
    final_sale INTEGER NOT NULL DEFAULT 0 CHECK (final_sale IN (0, 1)),
    build_id TEXT REFERENCES builds(id)  -- set when the item was assembled into a custom build
);
CREATE INDEX order_items_order ON order_items(order_id);
CREATE INDEX order_items_product ON order_items(product_id);

CREATE TABLE order_status_history (
    id INTEGER PRIMARY KEY,
    order_id TEXT NOT NULL REFERENCES orders(id),
    status TEXT NOT NULL,
    at TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX order_status_history_order ON order_status_history(order_id, at);

CREATE TABLE order_returns (
    id TEXT PRIMARY KEY,                 -- RMA number
    order_id TEXT NOT NULL REFERENCES orders(id),
    order_item_id INTEGER NOT NULL REFERENCES order_items(id),
    quantity INTEGER NOT NULL CHECK (quantity > 0),
    kind TEXT NOT NULL CHECK (kind IN ('refund', 'store_credit', 'exchange')),
    reason TEXT NOT NULL,
    doa INTEGER NOT NULL DEFAULT 0 CHECK (doa IN (0, 1)),
    opened INTEGER NOT NULL DEFAULT 1 CHECK (opened IN (0, 1)),
    status TEXT NOT NULL CHECK (status IN ('requested', 'approved', 'received', 'refunded', 'rejected')),
    refund_cents INTEGER NOT NULL DEFAULT 0 CHECK (refund_cents >= 0),
    restocking_fee_cents INTEGER NOT NULL DEFAULT 0 CHECK (restocking_fee_cents >= 0),
    exchange_product_id TEXT REFERENCES products(id),
    price_difference_cents INTEGER NOT NULL DEFAULT 0,  -- >0 charged to customer, <0 refunded
    created_at TEXT NOT NULL,
    notes TEXT NOT NULL DEFAULT ''
);
CREATE INDEX order_returns_order ON order_returns(order_id);
CREATE INDEX order_returns_item ON order_returns(order_item_id);

-- 11. Builds: customer custom builds and prebuilt SKUs, each a set of products.
CREATE TABLE builds (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('custom', 'prebuilt')),
    customer_id TEXT REFERENCES customers(id),
    product_id TEXT REFERENCES products(id),  -- the prebuilt SKU sold as one product
    order_id TEXT REFERENCES orders(id),
    assembled INTEGER NOT NULL DEFAULT 0 CHECK (assembled IN (0, 1)),
    status TEXT NOT NULL CHECK (status IN ('draft', 'ordered', 'assembled', 'shipped', 'delivered')),
    created_at TEXT NOT NULL,
    notes TEXT NOT NULL DEFAULT '',
    CHECK (kind <> 'custom' OR customer_id IS NOT NULL),
    CHECK (kind <> 'prebuilt' OR product_id IS NOT NULL)
);
CREATE INDEX builds_customer ON builds(customer_id);

CREATE TABLE build_components (
    id INTEGER PRIMARY KEY,
    build_id TEXT NOT NULL REFERENCES builds(id),
    product_id TEXT NOT NULL REFERENCES products(id),
    quantity INTEGER NOT NULL DEFAULT 1 CHECK (quantity > 0)
);
CREATE INDEX build_components_build ON build_components(build_id);

-- 12. Shipping records, with tracking events.
CREATE TABLE shipping_records (
    id TEXT PRIMARY KEY,
    order_id TEXT NOT NULL REFERENCES orders(id),
    carrier TEXT NOT NULL CHECK (carrier IN ('UPS', 'FedEx', 'USPS', 'DHL')),
    service_level TEXT NOT NULL CHECK (service_level IN ('standard', 'expedited', 'overnight')),
    tracking_number TEXT NOT NULL UNIQUE,
    status TEXT NOT NULL CHECK (status IN (
        'label_created', 'in_transit', 'out_for_delivery', 'delivered', 'exception', 'returned_to_sender')),
    weight_grams INTEGER NOT NULL CHECK (weight_grams >= 0),
    shipped_at TEXT,
    promised_date TEXT,
    delivered_at TEXT,
    exception TEXT,
    warehouse TEXT NOT NULL
);
CREATE INDEX shipping_records_order ON shipping_records(order_id);

CREATE TABLE shipping_events (
    id INTEGER PRIMARY KEY,
    shipment_id TEXT NOT NULL REFERENCES shipping_records(id),
    at TEXT NOT NULL,
    status TEXT NOT NULL,
    location TEXT NOT NULL,
    description TEXT NOT NULL
);
CREATE INDEX shipping_events_shipment ON shipping_events(shipment_id, at);

-- 13. Support tickets, with their message threads (customer, agent, internal notes).
CREATE TABLE support_tickets (
    id TEXT PRIMARY KEY,
    customer_id TEXT REFERENCES customers(id),
    order_id TEXT REFERENCES orders(id),  -- the order the ticket is about, as the system linked it
    subject TEXT NOT NULL,
    channel TEXT NOT NULL CHECK (channel IN ('email', 'chat', 'phone', 'web_form', 'social')),
    status TEXT NOT NULL CHECK (status IN (
        'open', 'pending_customer', 'in_progress', 'escalated', 'resolved', 'closed')),
    priority TEXT NOT NULL CHECK (priority IN ('low', 'normal', 'high', 'urgent')),
    category TEXT NOT NULL CHECK (category IN (
        'order_status', 'shipping', 'return', 'refund', 'exchange', 'warranty', 'technical',
        'compatibility', 'billing', 'account', 'promotion', 'product_question', 'complaint', 'fraud')),
    assigned_team TEXT NOT NULL DEFAULT 'support' CHECK (assigned_team IN (
        'support', 'billing', 'technical', 'logistics', 'trust_safety', 'escalations')),
    sla_id TEXT REFERENCES slas(id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    first_response_due TEXT NOT NULL,
    resolution_due TEXT NOT NULL,
    first_response_at TEXT,
    resolved_at TEXT,
    resolution TEXT
);
CREATE INDEX support_tickets_customer ON support_tickets(customer_id);
CREATE INDEX support_tickets_order ON support_tickets(order_id);
CREATE INDEX support_tickets_status ON support_tickets(status, priority);

CREATE TABLE ticket_messages (
    id INTEGER PRIMARY KEY,
    ticket_id TEXT NOT NULL REFERENCES support_tickets(id),
    author TEXT NOT NULL CHECK (author IN ('customer', 'agent', 'system')),
    internal INTEGER NOT NULL DEFAULT 0 CHECK (internal IN (0, 1)),
    body TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX ticket_messages_ticket ON ticket_messages(ticket_id, created_at);

-- 14. Knowledge-base articles.
CREATE TABLE kb_articles (
    id TEXT PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    category TEXT NOT NULL,
    tags TEXT NOT NULL DEFAULT '',
    body TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    superseded_by TEXT REFERENCES kb_articles(id),
    CHECK (superseded_by IS NULL OR superseded_by <> id)
);

-- Full-text search (external content: the index reads its text from the tables above).
CREATE VIRTUAL TABLE kb_fts USING fts5(
    title, tags, body, content='kb_articles', tokenize='porter unicode61');
CREATE VIRTUAL TABLE products_fts USING fts5(
    name, brand, model, category, description, content='products', tokenize='porter unicode61');

-- Bookkeeping, not entities.
-- The audit trail every write tool appends to.
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    tool TEXT NOT NULL,
    entity_type TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    action TEXT NOT NULL,
    details TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(details))
);

-- Ground truth about the planted mess, for task authors and `world stats`; no tool reads it.
CREATE TABLE planted_mess (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    entity_type TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(detail))
);
CREATE INDEX planted_mess_kind ON planted_mess(kind);

CREATE TABLE world_meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- Tools take ids, codes and tracking numbers in any case (`WHERE id = ? COLLATE NOCASE`), which
-- the tables' own (binary) keys cannot serve: without these, each such lookup scans its table.
-- Indexes are not part of the content hash (it covers rows only).
CREATE INDEX orders_id_nocase ON orders(id COLLATE NOCASE);
CREATE INDEX customers_id_nocase ON customers(id COLLATE NOCASE);
CREATE INDEX support_tickets_id_nocase ON support_tickets(id COLLATE NOCASE);
CREATE INDEX products_id_nocase ON products(id COLLATE NOCASE);
CREATE INDEX products_sku_nocase ON products(sku COLLATE NOCASE);
CREATE INDEX kb_articles_id_nocase ON kb_articles(id COLLATE NOCASE);
CREATE INDEX kb_articles_slug_nocase ON kb_articles(slug COLLATE NOCASE);
CREATE INDEX shipping_records_tracking_nocase ON shipping_records(tracking_number COLLATE NOCASE);

-- New ids continue a table's numbering (PREFIX-NNNNN): the highest number is read from the end
-- of these indexes instead of a scan of the table.
CREATE INDEX customers_number ON customers(CAST(substr(id, 5) AS INTEGER));
CREATE INDEX support_tickets_number ON support_tickets(CAST(substr(id, 5) AS INTEGER));
CREATE INDEX order_returns_number ON order_returns(CAST(substr(id, 5) AS INTEGER));

-- Name keys for shortlisting customer searches (world/name_keys.py): derived from customers when
-- a world is loaded, never hashed, frozen or diffed.
CREATE TABLE customer_name_keys (
    key TEXT NOT NULL,
    customer INTEGER NOT NULL,
    PRIMARY KEY (key, customer)
) WITHOUT ROWID;
