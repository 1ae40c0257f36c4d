"""Account area helpers: profile validation and planning, invoices, contacts, privileges, notifications."""

import pytest

from ansible_collections.xtom.console.plugins.module_utils import account as acc
from ansible_collections.xtom.console.plugins.module_utils import billing
from ansible_collections.xtom.console.plugins.module_utils import notifications as notes
from ansible_collections.xtom.console.plugins.module_utils.common import XtomAnswerError, XtomValidationError


# ---------------------------------------------------------------- profile

def test_desired_profile_validates_and_normalises():
    got = acc.desired_profile({"email": " a@b.example ", "country": "de", "address2": "", "city": None})
    assert got == {"email": "a@b.example", "country": "DE", "address2": ""}


@pytest.mark.parametrize("params, word", [
    ({"email": "not-an-email"}, "email=not-an-email: is not a valid email address"),
    ({"email": "a@b"}, "email=a@b:"),
    ({"email": "a@b.example\n"}, "email='a@b.example\\n'"),
    ({"type": "Business"}, "type=Business: is not an account type; valid: Private, Company"),
    ({"country": "Germany"}, "country=Germany: is not a two-letter"),
    ({"state": "Cali\nfornia"}, "region='Cali\\nfornia': contains a control character"),
    ({"postcode": "954\x0001"}, "postcode='954\\x0001': contains a control character"),
    ({"phonenumber": "+1.2\r\n"}, "phonenumber="),
    ({"firstname": "Ada\nBcc: x@example.com"}, "firstname="),
])
def test_desired_profile_errors_name_option_and_value(params, word):
    with pytest.raises(XtomValidationError) as err:
        acc.desired_profile(params)
    assert word in str(err.value)


def test_plan_profile_sends_differences_and_unknown_fields():
    current = {"email": "Joe@Example.com", "city": "Santa Rosa", "country": "US", "type": ""}
    returned = {"email", "city", "country"}
    changes, unknown = acc.plan_profile(current, returned, {"email": "joe@example.com", "city": "Berlin",
                                                            "country": "us", "type": "Company"})
    assert changes == {"city": "Berlin", "type": "Company"}
    assert unknown == ["type"]


def test_plan_profile_no_change():
    assert acc.plan_profile({"city": "X"}, {"city"}, {"city": "X"}) == ({}, [])


def test_read_details_reports_returned_fields(client):
    details, returned = acc.read_details(client)
    assert details["id"] == 26 and details["email"] == "demo@example.com"
    assert "type" not in returned and "vateu" not in returned and "city" in returned


@pytest.mark.parametrize("body, compare", [
    ({"client": {}}, ()),                                   # not even the e-mail address
    ({"client": []}, ()),
    ({"result_set": {"client": {"email": "a@b.example"}}}, ()),
    ({"client": {"email": "a@b.example"}}, ("city",)),      # a field to compare that the answer lacks
    ({"client": {"email": "a@b.example", "city": ["x"]}}, ()),
])
def test_details_refused_shapes(body, compare):
    with pytest.raises(XtomAnswerError):
        acc.profile_row(body, acc.DETAILS_KEYS, "/details", set(compare) | {"email"})


def test_details_accepted_shapes():
    row = {"email": "a@b.example", "city": 5, "companyname": None}
    for body in ({"client": row}, {"details": row}, {"success": True, "data": {"client": row}}):
        assert acc.profile_row(body, acc.DETAILS_KEYS, "/details", {"email", "city", "type"}) == row


def test_update_details_round_trip(client, sim):
    acc.update_details(client, {"city": "Berlin"})
    assert sim.db["client"]["city"] == "Berlin"


# ---------------------------------------------------------------- invoices

def test_invoices_list_filter_and_detail(client):
    invoices = billing.list_invoices(client)
    assert [i["id"] for i in invoices] == [308976, 308977, 308978, 308979]
    assert all(isinstance(i["total"], str) for i in invoices)
    unpaid = billing.filter_invoices(invoices, ["unpaid"])
    assert [i["number"] for i in unpaid] == ["2026/11/1"]
    assert unpaid[0]["datepaid"] == ""
    october = billing.filter_invoices(invoices, date_from="2026-10-01", date_to="2026-10-31")
    assert [i["id"] for i in october] == [308977]
    one = billing.get_invoice(client, 308977)
    assert [i["item_id"] for i in one["lines"]] == [1001, 1003]
    assert one["lines"][0]["taxed"] is True


def test_normalize_invoice_tolerates_numbers_and_missing_keys():
    row = {"id": 5, "total": 19.65, "merge_id": None, "items": {"1": {"id": 1, "amount": 2}}}
    inv = billing.normalize_invoice(row, {"invoice": row})
    assert inv["id"] == 5 and inv["total"] == "19.65" and inv["merge_id"] is None
    assert inv["lines"][0]["amount"] == "2"
    with pytest.raises(XtomAnswerError, match="invoices with an id"):
        billing.normalize_invoice({"total": "1"}, {"invoices": [{"total": "1"}]})


@pytest.mark.parametrize("value", ["2026-13-01", "01.10.2026", "2026-1-1"])
def test_validate_date(value):
    with pytest.raises(XtomValidationError, match="date_from"):
        billing.validate_date(value, "date_from")


# ---------------------------------------------------------------- privileges

CATALOG = {
    "billing": ["emails", "payinvoice"],
    "support": ["newticket", "tickets"],
    "services": {"full": 1, "1001": ["basic", "billing"]},
    "domains": {"full": 1},
}


def test_normalize_privileges_shapes():
    got = acc.normalize_privileges({
        "support": ["tickets", "newticket", "tickets"],
        "billing": [],
        "services": {"full": True, 1001: ["billing", "basic"], "1002": []},
        "domains": {"full": 0},
        "misc": {"emails": 1, "editmain": 0},
    })
    assert got == {"support": ["newticket", "tickets"], "services": {"full": True, "1001": ["basic", "billing"]},
                   "misc": ["emails"]}
    assert acc.normalize_privileges([]) == {}


def test_validate_privileges_accepts_catalogue_entries():
    catalog = acc.normalize_privileges(CATALOG)
    acc.validate_privileges(acc.normalize_privileges({"support": ["tickets"], "services": {"full": 1, "1001": ["basic"]}}),
                            catalog)


@pytest.mark.parametrize("desired, words", [
    ({"support": ["deleteticket"]}, ["privileges.support=deleteticket: unknown privilege", "newticket, tickets"]),
    ({"sales": ["x"]}, ["privileges=sales: unknown section", "billing, domains, services, support"]),
    ({"services": {"9999": ["basic"]}}, ["privileges.services=9999: is not in", "1001, full"]),
    ({"services": {"1001": ["root"]}}, ["privileges.services.1001=root", "basic, billing"]),
    ({"billing": {"full": 1}}, ["privileges.billing=", "must be a list"]),
])
def test_validate_privileges_errors_list_valid_ones(desired, words):
    with pytest.raises(XtomValidationError) as err:
        acc.validate_privileges(acc.normalize_privileges(desired), acc.normalize_privileges(CATALOG))
    for word in words:
        assert word in str(err.value)


@pytest.mark.parametrize("value", ["support", {"support": 5}, {"services": {"web1": ["basic"]}},
                                   {"services": {"1001": {"basic": 1}}}])
def test_check_privileges_shape(value):
    with pytest.raises(XtomValidationError, match="privileges"):
        acc.check_privileges_shape(value)


def test_privileges_to_api():
    assert acc.privileges_to_api({"services": {"full": True, "1001": ["basic"]}, "support": ["tickets"]}) == {
        "services": {"full": 1, "1001": ["basic"]}, "support": ["tickets"]}


def test_catalog_from_simulator(client):
    catalog = acc.get_privilege_catalog(client)
    assert catalog["services"]["full"] is True
    assert "1001" in catalog["services"] and "1004" not in catalog["services"]  # 1004 is cancelled
    assert "newticket" in catalog["support"]


# ---------------------------------------------------------------- contacts

def test_contacts_list_find_and_read(client):
    contacts = acc.list_contacts(client)
    mary = acc.find_contact(contacts, "MARY@example.com")
    assert mary["id"] == 49 and mary["type"] == "Private" and mary["lastlogin"] == ""
    full, returned = acc.read_contact(client, 49)
    assert full["privileges"] == {"support": ["newticket", "tickets"]}
    assert "privileges" in returned and "vateu" not in returned


def test_plan_contact():
    current = {"id": 49, "email": "mary@example.com", "firstname": "Mary", "privileges": {"support": ["tickets"]}}
    returned = {"email", "firstname", "privileges"}
    changes, unknown = acc.plan_contact(current, returned, {"email": "mary@example.com", "firstname": "Mary"},
                                        privileges={"support": ["tickets"]}, password="pw")
    assert (changes, unknown) == ({}, [])
    changes, _unknown = acc.plan_contact(current, returned, {"firstname": "Maria"}, privileges={},
                                         password="pw", update_password="always")
    assert changes == {"firstname": "Maria", "privileges": {}, "password": "pw"}


def test_create_contact_reads_id_in_several_shapes(client, sim):
    cid = acc.create_contact(client, {"email": "new@example.com", "firstname": "New"})
    assert cid in sim.db["contacts"]

    assert acc.new_contact_id({"contact_id": 7}) == 7
    assert acc.new_contact_id({"success": True, "data": {"contactId": "9"}}) == 9
    assert acc.new_contact_id({"contact": {"id": "8"}}) == 8
    assert acc.new_contact_id({"info": ["profile_added"]}) is None
    assert acc.new_contact_id({"contact_id": "٣"}) is None


# ---------------------------------------------------------------- notifications

def test_notifications_from_simulator(client):
    all_notes = notes.list_notifications(client)
    assert [(n["id"], n["new"]) for n in all_notes] == [(7, True), (8, True), (9, False)]
    new = notes.list_notifications(client, new_only=True, rel_type="invoice")
    assert [n["id"] for n in new] == [8]
    assert notes.list_notifications(client, rel_id=1001)[0]["rel_id"] == 1001


@pytest.mark.parametrize("row, new", [
    ({"id": "1", "seen": "1"}, False),
    ({"id": "1", "read": False}, True),
    ({"id": "1", "isNew": True}, True),
    ({"id": "1"}, None),
])
def test_normalize_notification_flags(row, new):
    assert notes.normalize_notification(row, {})["new"] is new


def test_notifications_accepted_shapes():
    parse = notes.parse_notifications(False)
    by_id = parse({"5": {"title": "Hi", "body": "text", "date_added": "2026-01-01"}})
    assert by_id == [{"id": 5, "rel_type": "", "rel_id": None, "subject": "Hi", "message": "text",
                      "date": "2026-01-01", "new": None}]
    assert notes.parse_notifications(True)([{"id": 6, "subject": "S"}])[0]["new"] is True
    camel = parse({"success": True, "data": {"notification": [{"notificationId": 3, "relType": "Service", "relId": 1}]}})
    assert camel[0]["id"] == 3 and camel[0]["rel_type"] == "Service" and camel[0]["rel_id"] == 1
    assert parse({"notifications": []}) == [] and parse([]) == [] and parse({"success": True, "data": {}}) == []


@pytest.mark.parametrize("body", [
    {"success": True},                                # nothing said: not "no notifications"
    {},                                               # an empty answer (or an empty body) says nothing either
    {"result_set": [{"id": 1}]},                       # an unknown wrapper key
    {"notifications": "none"},
    {"notifications": [{"subject": "no id"}]},         # a row without its id cannot be acknowledged
    {"notifications": [{"id": "³"}]},                  # not an ASCII id
    {"notifications": ["7"]},
    {"notifications": [{"id": 1, "subject": {"x": 1}}]},
])
def test_notifications_refused_shapes(body):
    with pytest.raises(XtomAnswerError):
        notes.parse_notifications(False)(body)


# ---------------------------------------------------------------- billing and contacts: accepted and refused shapes

def test_billing_accepted_shapes():
    reference = {"success": True, "details": {"currency": "USD", "acc_balance": "1.00", "acc_credit": "0.00"}}
    variant = {"success": True, "data": {"details": {"currency": "USD", "accBalance": 1, "accCredit": "0.00"}}}
    assert billing.parse_balance(reference) == {"balance": "1.00", "credit": "0.00", "currency": "USD"}
    assert billing.parse_balance(variant) == {"balance": "1", "credit": "0.00", "currency": "USD"}
    assert billing.parse_payment_methods({"payments": {"10": "BankTransfer", "9": "PayPal"}}) == [
        {"id": 9, "name": "PayPal"}, {"id": 10, "name": "BankTransfer"}]
    assert billing.parse_payment_methods({"payments": [{"id": "3", "name": "Card"}]}) == [{"id": 3, "name": "Card"}]
    fees = billing.parse_payment_fees({"payments": {"2": {"name": "Stripe", "fixedFee": "0.5", "percentFee": "2.9"}}})
    assert fees == [{"id": 2, "name": "Stripe", "fixed_fee": "0.5", "percent_fee": "2.9"}]


@pytest.mark.parametrize("parse, body", [
    (billing.parse_balance, {"balance": {"success": True, "details": {"acc_balance": "1"}}}),  # the stray wrapper
    (billing.parse_balance, {"success": True, "details": {"currency": "USD"}}),               # no balance
    (billing.parse_balance, {"success": True, "details": {"currency": "USD", "acc_balance": None}}),
    (billing.parse_payment_methods, {"payments": {"10": {"x": 1}}}),
    (billing.parse_payment_methods, {"methods": {"10": "BankTransfer"}}),
    (billing.parse_payment_fees, {"payments": [{"id": 1, "name": "Bank", "fixed_fee": "0"}]}),  # no percent fee
    (billing.parse_invoices, {"result_set": []}),
    (acc.parse_contacts, {"contacts": [{"id": "49"}]}),                                         # no e-mail
    (acc.parse_contacts, {"contacts": [{"email": "a@b.example"}]}),                             # no id
    (acc.parse_contacts, {"contacts": {"mary": {"id": "49", "email": "a@b.example"}}}),
    (acc.parse_privileges, {"privileges": {"support": "tickets"}}),
    (acc.parse_privileges, {"privileges": {"services": {"full": 1, "web1": ["basic"]}}}),
    (acc.parse_privileges, {"result_set": {"privileges": {}}}),
])
def test_billing_and_contacts_refused_shapes(parse, body):
    with pytest.raises(XtomAnswerError):
        parse(body)
