"""The demo account every simulator starts with, and the large-account generator.

Core tables shared by several API areas live here (client, catalog, services, domains);
area modules in ``routes/`` add their own tables in their ``seed(db, options)``.

Shapes follow the reference's examples: ids and money are strings where the examples show
strings. Internally every table is keyed by int id.
"""

import ipaddress

DEMO_USERNAME = "demo@example.com"
DEMO_PASSWORD = "demo-password"

CLIENT = {
    "id": "26",
    "email": DEMO_USERNAME,
    "lastlogin": "2026-11-20 09:14:03",
    "ip": "198.51.100.7",
    "host": "client.example.net",
    "type": "Private",
    "firstname": "Joe",
    "lastname": "Doe",
    "companyname": "",
    "vateu": "",
    "address1": "Pretty View Lane",
    "address2": "3294",
    "city": "Santa Rosa",
    "state": "California",
    "postcode": "95401",
    "country": "US",
    "phonenumber": "+1.24123123",
}

CATEGORIES = [
    {"id": "10", "name": "Virtual Servers", "description": "KVM virtual private servers", "slug": "vps"},
    {"id": "16", "name": "Dedicated", "description": "Dedicated servers", "slug": "dedicated"},
    {"id": "20", "name": "DNS Hosting", "description": "Managed DNS hosting", "slug": "dns-hosting"},
    {"id": "6", "name": "Domains", "description": "", "slug": "domains"},
    {"id": "30", "name": "SSL Certificates", "description": "", "slug": "ssl"},
]

# product id -> product; "category_id" links to CATEGORIES; "cycles" maps billing cycle -> price.
PRODUCTS = {
    101: {"id": "101", "category_id": "10", "name": "KVM VPS Starter", "type": "server",
          "cycles": {"m": "9.99", "q": "28.50", "a": "99.00"}},
    102: {"id": "102", "category_id": "10", "name": "KVM VPS Pro", "type": "server",
          "cycles": {"m": "19.99", "a": "199.00"}},
    201: {"id": "201", "category_id": "16", "name": "Dedicated E3", "type": "server",
          "cycles": {"m": "89.00", "a": "960.00"}},
    301: {"id": "301", "category_id": "20", "name": "DNS Hosting", "type": "dns",
          "cycles": {"m": "2.00", "a": "20.00"}},
}

CYCLE_NAMES = {"d": "Daily", "w": "Weekly", "m": "Monthly", "q": "Quarterly", "s": "Semi-Annually",
               "a": "Annually", "b": "Biennially", "t": "Triennially", "p4": "Quadrennially",
               "p5": "Quinquennially", "free": "Free", "once": "One Time"}


def make_service(sid, product_id, domain, label="", status="Active", cycle="m", ipv4=(), ipv6=(),
                 date_created="2026-01-15", next_due="2026-12-15"):
    """One service row; ``ips`` and ``rdns`` belong to the services area but live on the row."""
    product = PRODUCTS[product_id]
    category = next(c for c in CATEGORIES if c["id"] == product["category_id"])
    price = product["cycles"].get(cycle, "0.00")
    rdns = {}
    for ip in list(ipv4) + list(ipv6):
        rdns[ip] = ""
    return {
        "id": str(sid),
        "product_id": product["id"],
        "date_created": date_created,
        "domain": domain,
        "firstpayment": price,
        "total": price,
        "billingcycle": CYCLE_NAMES[cycle],
        "next_due": next_due,
        "next_invoice": next_due,
        "status": status,
        "label": label,
        "username": (domain.split(".")[0] or "user")[:8],
        "password": "pdtzc%d" % sid,
        "name": product["name"],
        "category": category["name"],
        "category_url": category["slug"],
        "ipv4": list(ipv4),
        "ipv6": list(ipv6),
        "rdns": rdns,
        "power": "running" if status == "Active" and product["type"] == "server" else "unknown",
        "cancellation": None,
    }


def demo_services():
    rows = [
        make_service(1001, 101, "web1.example.com", label="web1", ipv4=["203.0.113.10"],
                     ipv6=["2001:db8:10::10"]),
        make_service(1002, 201, "db1.example.com", label="db1", cycle="a",
                     ipv4=["203.0.113.20", "203.0.113.21"], ipv6=["2001:db8:20::1"]),
        make_service(1003, 301, "dns.example.com", label="dns"),
        make_service(1004, 101, "old.example.com", label="old", status="Cancelled",
                     ipv4=["203.0.113.30"]),
        make_service(1005, 101, "web2.example.com", label="web", ipv4=["203.0.113.40"],
                     ipv6=["2001:db8:40::1"]),
        make_service(1006, 102, "web3.example.com", label="web", ipv4=["203.0.113.50"]),
    ]
    rows[0]["rdns"]["203.0.113.10"] = "web1.example.com"
    return {int(r["id"]): r for r in rows}


def large_services(count):
    """``count`` active VPS with one IPv4 and one IPv6 each, ids from 5001."""
    rows = {}
    base4 = int(ipaddress.IPv4Address("198.18.0.0"))
    for n in range(count):
        sid = 5001 + n
        v4 = str(ipaddress.IPv4Address(base4 + n + 1))
        v6 = "2001:db8:1000::%x" % (n + 1)
        product = (101, 102, 201)[n % 3]
        rows[sid] = make_service(sid, product, "node%04d.fleet.example.com" % (n + 1),
                                 label="node%04d" % (n + 1), ipv4=[v4], ipv6=[v6])
    return rows


def demo_domains():
    def dom(did, name, status, expires, regdate="2024-03-01", autorenew="1"):
        return {
            "id": str(did), "name": name, "expires": expires, "recurring_amount": "15.00",
            "date_created": regdate, "status": status, "period": "1", "autorenew": autorenew,
            "daytoexpire": "120", "reglock": "1", "idprotection": "0",
            "nameservers": ["ns1.xtom.com", "ns2.xtom.com"],
        }

    rows = [
        dom(2001, "example.com", "Active", "2027-03-01"),
        dom(2002, "example.net", "Active", "2027-06-11"),
        dom(2003, "example.org", "Expired", "2025-02-01", regdate="2023-02-01", autorenew="0"),
        dom(2004, "example.org", "Active", "2027-09-09", regdate="2025-09-09"),
    ]
    return {int(r["id"]): r for r in rows}


def build(options):
    """A fresh copy of the demo account. ``options['services']`` > 0 adds a large fleet."""
    import copy

    services = demo_services()
    if options.get("services"):
        services.update(large_services(int(options["services"])))
    return {
        "client": dict(CLIENT),
        "categories": copy.deepcopy(CATEGORIES),
        "products": copy.deepcopy(PRODUCTS),
        "services": services,
        "domains": demo_domains(),
    }
