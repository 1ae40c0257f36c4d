"""Billing: /balance, /invoice, /invoice/@id, /payment, /payment/fees.

Undocumented choice: the reference shows GET /balance wrapped in a stray extra pair of braces
(not valid JSON); the simulator answers the inner object {"success": true, "details": {...}}.

Variant shapes (``--variant``; routes without a valid reference example):

- GET /balance: ``{"success": true, "data": {"details": {"currency", "accBalance", "accCredit"}}}``.
- GET /payment/fees (the reference's example is not JSON: trailing commas): the rows keyed by id,
  ids as strings, camelCase fees (``fixedFee``, ``percentFee``).
"""

from ..app import camel, not_found

SAMPLES = {
    "GET /balance": "/balance",
    "GET /invoice": "/invoice",
    "GET /invoice/@id": "/invoice/308976",
    "GET /payment": "/payment",
    "GET /payment/fees": "/payment/fees",
}

PAYMENT_FEES = [
    {"id": 1, "name": "Bank Transfer", "fixed_fee": "0.0", "percent_fee": "0.0"},
    {"id": 2, "name": "Stripe", "fixed_fee": "0.5", "percent_fee": "2.9"},
    {"id": 4, "name": "Credit Card", "fixed_fee": "0.1", "percent_fee": "2.4"},
    {"id": 5, "name": "PayPal", "fixed_fee": "0.3", "percent_fee": "2.9"},
]


def _invoice(iid, date, due, status, items, number, datepaid=None):
    subtotal = sum(float(i[1]) for i in items)
    tax = round(subtotal * 0.21, 2)
    return {
        "id": str(iid), "status": status, "date": date, "dateorig": date, "duedate": due, "paybefore": due,
        "datepaid": datepaid or "0000-00-00 00:00:00", "subtotal": round(subtotal, 2), "credit": 0,
        "tax": tax, "taxrate": 21, "tax2": 0, "taxrate2": 0, "taxexempt": "0",
        "total": round(subtotal + tax, 2), "rate": 1, "rate2": 0, "rate3": 1, "notes": "",
        "merge_id": None, "number": number, "currency": "USD",
        "items": [
            {"id": str(iid * 10 + n), "invoice_id": str(iid), "type": "Hosting", "item_id": str(item_id),
             "description": desc, "amount": "%.2f" % float(amount), "taxed": "1", "qty": "1.00",
             "linetotal": "%.2f" % float(amount)}
            for n, (desc, amount, item_id) in enumerate(items)
        ],
    }


def seed(db, options):
    db["balance"] = {"currency": "USD", "acc_balance": "19.65", "acc_credit": "5.00"}
    db["payment_methods"] = {"10": "BankTransfer", "9": "PayPal", "11": "Stripe"}
    db["payment_fees"] = [dict(p) for p in PAYMENT_FEES]
    invoices = [
        _invoice(308976, "2026-09-15", "2026-09-22", "Paid", [("KVM VPS Starter (web1.example.com)", "9.99", 1001)],
                 "2026/09/1", datepaid="2026-09-15 12:40:47"),
        _invoice(308977, "2026-10-15", "2026-10-22", "Paid", [("KVM VPS Starter (web1.example.com)", "9.99", 1001),
                                                              ("DNS Hosting (dns.example.com)", "2.00", 1003)],
                 "2026/10/1", datepaid="2026-10-16 08:01:12"),
        _invoice(308978, "2026-11-15", "2026-11-22", "Unpaid", [("KVM VPS Starter (web1.example.com)", "16.24", 1001)],
                 "2026/11/1"),
        _invoice(308979, "2026-08-01", "2026-08-08", "Cancelled", [("Dedicated E3 setup", "50.00", 1002)],
                 "2026/08/1"),
    ]
    db["invoices"] = {int(i["id"]): i for i in invoices}


LIST_KEYS = ("id", "date", "dateorig", "duedate", "paybefore", "total", "datepaid", "status", "merge_id",
             "number", "currency")
DETAIL_KEYS = ("id", "status", "date", "duedate", "paybefore", "datepaid", "subtotal", "credit", "tax", "taxrate",
               "tax2", "taxrate2", "taxexempt", "total", "rate", "rate2", "rate3", "notes", "items", "number",
               "currency")


def register(router):
    @router.route("GET", "/balance")
    def balance(req):
        if req.variant:
            return {"success": True, "data": camel({"details": dict(req.db["balance"])})}
        return {"success": True, "details": dict(req.db["balance"])}

    @router.route("GET", "/invoice")
    def invoices(req):
        out = []
        for inv in sorted(req.db["invoices"].values(), key=lambda i: int(i["id"])):
            row = {k: inv[k] for k in LIST_KEYS}
            row["total"] = "%.2f" % float(inv["total"])
            out.append(row)
        return {"invoices": out}

    @router.route("GET", "/invoice/@id")
    def invoice(req):
        inv = req.db["invoices"].get(req.int_param("id"))
        if inv is None:
            raise not_found("invoice", req.params["id"])
        row = {k: inv[k] for k in DETAIL_KEYS}
        client = dict(req.db["client"])
        row["client"] = {k: client.get(k, "") for k in ("id", "email", "firstname", "lastname", "companyname",
                                                        "address1", "address2", "city", "state", "postcode",
                                                        "country", "phonenumber")}
        return {"invoice": row}

    @router.route("GET", "/payment")
    def payment(req):
        return {"payments": dict(req.db["payment_methods"])}

    @router.route("GET", "/payment/fees")
    def payment_fees(req):
        if req.variant:
            return {"payments": {str(p["id"]): camel(dict(p, id=str(p["id"]))) for p in req.db["payment_fees"]}}
        return {"payments": [dict(p) for p in req.db["payment_fees"]]}
