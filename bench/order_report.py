"""Generate a busy seller's year as an Amazon All Orders report (for the speed benchmark).

    python bench/order_report.py [ROWS] [OUT]   # default: 100000 rows -> build/bench/all-orders-100k.txt

Tab-separated, UTF-8, every column of the real report (fact base §6.1), about
1.3 item rows per order, 15% FBA rows, 2% of merchant orders cancelled,
Japanese product names (one with ``<script>`` in it). Deterministic (seeded).
"""

from __future__ import annotations

import random
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

COLUMNS = [
    "amazon-order-id",
    "merchant-order-id",
    "purchase-date",
    "last-updated-date",
    "order-status",
    "fulfillment-channel",
    "sales-channel",
    "order-channel",
    "ship-service-level",
    "product-name",
    "sku",
    "asin",
    "item-status",
    "quantity",
    "currency",
    "item-price",
    "item-tax",
    "shipping-price",
    "shipping-tax",
    "gift-wrap-price",
    "gift-wrap-tax",
    "item-promotion-discount",
    "ship-promotion-discount",
    "ship-city",
    "ship-state",
    "ship-postal-code",
    "ship-country",
    "promotion-ids",
    "cpf",
    "is-business-order",
    "purchase-order-number",
    "price-designation",
]

NAMES = (
    "【国内正規品】ステンレス製 真空断熱タンブラー 450ml 保温保冷 食洗機対応",
    "手帳型 スマホケース カード収納 スタンド機能 マグネット式 <script>alert(1)</script>",
    "天然木 まな板 ひのき 抗菌 日本製 大サイズ 42cm",
    "USB-C 充電ケーブル 2m 急速充電 断線防止 ナイロン編み 2本セット",
    "ドリップコーヒー 詰め合わせ 50袋 深煎り・中煎り アソート",
)


def generate(rows: int = 100_000, seed: int = 5) -> str:
    """The report text (header plus ``rows`` item rows)."""
    rnd = random.Random(seed)
    start = datetime(2025, 11, 1, tzinfo=UTC)
    lines = ["\t".join(COLUMNS)]
    n = 0
    order = 0
    while n < rows:
        order += 1
        items = min(rows - n, rnd.choice((1, 1, 1, 1, 2, 2, 3)))
        when = start + timedelta(seconds=rnd.randrange(365 * 86400))
        stamp = when.strftime("%Y-%m-%dT%H:%M:%S+00:00")
        fba = rnd.random() < 0.15
        cancelled = not fba and rnd.random() < 0.02
        oid = f"{250 + order % 250:03d}-{rnd.randrange(10**7):07d}-{order:07d}"
        for _ in range(items):
            name = rnd.choice(NAMES)
            qty = "0" if cancelled else str(rnd.choice((1, 1, 1, 2)))
            row = [
                oid,
                oid,
                stamp,
                stamp,
                "Cancelled" if cancelled else "Shipped",
                "Amazon" if fba else "Merchant",
                "Amazon.co.jp",
                "",
                "Standard",
                name,
                f"SKU-{rnd.randrange(10**5):05d}",
                f"B0{rnd.randrange(10**8):08d}",
                "Cancelled" if cancelled else "Shipped",
                qty,
                "JPY",
                "" if cancelled else "1980",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "東京都渋谷区",
                "東京都",
                "150-0001",
                "JP",
                "",
                "",
                "false",
                "",
                "",
            ]
            lines.append("\t".join(row))
            n += 1
    return "\n".join(lines) + "\n"


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    out = Path(sys.argv[2]) if len(sys.argv) > 2 else Path("build/bench/all-orders-100k.txt")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(generate(rows).encode("utf-8"))
    print(out, out.stat().st_size, "bytes")


if __name__ == "__main__":
    main()
