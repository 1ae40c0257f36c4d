"""Ordering area parsers and option building: no simulator, shapes from the API reference."""

import os

import pytest

from ansible_collections.xtom.console.plugins.module_utils import orders as O
from ansible_collections.xtom.console.plugins.module_utils.certificates import csr_common_name, parse_crt
from ansible_collections.xtom.console.plugins.module_utils.common import XtomAnswerError, XtomValidationError

DATA = os.path.join(os.path.dirname(__file__), "..", "..", "data")

# GET /order/@product_id as the reference prints it (ids as strings, prices as numbers).
REFERENCE_PRODUCT = {"product": {
    "id": "333", "category_name": "Hosting", "category_id": "49", "name": "Starter Hosting", "price": 9.99,
    "recurring": "m", "setup": 0,
    "config": {
        "product": [
            {"type": "select", "title": "pickcycle", "id": "cycle", "name": "cycle", "value": "m", "items": [
                {"title": "m", "value": "m", "price": 9.99, "setup": 0, "selected": True},
                {"title": "a", "value": "a", "price": 109.89, "setup": 0, "selected": False},
                {"title": "b", "value": "b", "price": 199.8, "setup": 0, "selected": False}]},
            {"type": "input", "title": "domain", "id": "domain", "name": "domain", "value": None}],
        "forms": [{"type": "select", "title": "Disk Size", "id": "1618", "firstItemId": 10330, "name": "custom[1618]",
                   "required": False, "config": {"conditionals": []},
                   "items": [{"title": "512MB", "value": 1, "id": 10330, "price": 0, "setup": 0, "selected": False},
                             {"title": "1GB", "value": 1, "id": 10331, "price": 0, "setup": 0, "selected": False}]}],
        "addons": [{"type": "subitem", "title": "Cpanel2: Add Extra IP", "id": "31", "description": "Adds IP",
                    "config": [{"type": "checkbox", "title": "add", "name": "addon[31]", "checked": False},
                               {"type": "select", "title": "billingcycle", "name": "addon_cycles[31]", "items": [
                                   {"title": "m", "value": "m", "price": 5, "setup": 0, "selected": True},
                                   {"title": "q", "value": "q", "price": 20, "setup": 0, "selected": False}]}]}],
        "subproducts": []},
    "recurring_price": 9.99, "prorata_date": None}}

FORMS = [O.normalize_form(f) for f in [
    {"type": "select", "title": "Operating System", "id": "1700", "name": "custom[1700]", "required": True,
     "items": [{"id": 10400, "title": "Debian 12"}, {"id": "10401", "title": "Ubuntu 24.04"}]},
    {"type": "checkbox", "title": "Daily Backups", "id": "1703", "name": "custom[1703][10430]",
     "items": [{"id": 10430, "title": "", "price": 3}]},
    {"type": "qty", "title": "Extra IPv4", "id": 1704, "name": "custom[1704][10440]",
     "config": {"minvalue": 0, "maxvalue": 8}, "items": [{"id": 10440, "title": ""}]},
    {"type": "input", "title": "Notes", "id": "1711", "name": "custom[1711][10460]", "items": [{"id": 10460}]},
    {"type": "radio", "title": "Location", "id": "1701", "name": "custom[1701]", "required": True,
     "items": [{"id": 10410, "title": "Tokyo", "selected": True}]},
]]


def test_product_config_from_the_reference_example():
    conf = O.normalize_product_config(REFERENCE_PRODUCT)
    assert (conf["id"], conf["category_id"], conf["category"], conf["hostname"]) == (333, 49, "Hosting", True)
    assert conf["cycles"] == [
        {"cycle": "m", "name": "Monthly", "price": "9.99", "setup": "0.00", "default": True},
        {"cycle": "a", "name": "Annually", "price": "109.89", "setup": "0.00", "default": False},
        {"cycle": "b", "name": "Biennially", "price": "199.80", "setup": "0.00", "default": False}]
    assert conf["options"][0]["items"][1] == {"id": 10331, "title": "1GB", "price": "0.00", "setup": "0.00",
                                              "selected": False}
    assert conf["addons"] == [{"id": 31, "title": "Cpanel2: Add Extra IP", "description": "Adds IP", "cycles": [
        {"cycle": "m", "name": "Monthly", "price": "5.00", "setup": "0.00", "default": True},
        {"cycle": "q", "name": "Quarterly", "price": "20.00", "setup": "0.00", "default": False}]}]


def test_product_config_without_cycle_field_uses_recurring():
    conf = O.normalize_product_config({"product": {"id": 5, "name": "X", "recurring": "Annually", "price": "12"}})
    assert conf["cycles"] == [{"cycle": "a", "name": "Annually", "price": "12.00", "setup": "0.00", "default": True}]
    assert conf["options"] == [] and conf["hostname"] is False


def test_quote_from_the_reference_example():
    quote = O.normalize_quote({
        "summary": {"subtotal": 72.2, "total": 88.81, "credit": 0, "discount": 0, "cost": 72.2,
                    "recurring": [{"title": "Annually", "price": 81.18, "value": "a"},
                                  {"title": "Monthly", "price": 1.48, "value": "m"}],
                    "tax": [{"name": "VAT", "tax": 16.61, "value": 23}]},
        "items": [{"product": {"id": 1080}, "index": 0, "valid": True, "info": [], "error": []},
                  {"product": None, "index": 1, "valid": False, "error": ["Domain taken"]}]})
    assert quote["subtotal"] == "72.20" and quote["total"] == "88.81" and quote["discount"] == "0.00"
    assert quote["tax"] == [{"name": "VAT", "rate": "23", "amount": "16.61"}]
    assert quote["recurring"] == [{"cycle": "a", "name": "Annually", "price": "81.18"},
                                  {"cycle": "m", "name": "Monthly", "price": "1.48"}]
    assert quote["items"][1] == {"index": 1, "valid": False, "errors": ["Domain taken"], "info": []}


@pytest.mark.parametrize("body, expected", [
    ({"order_num": 873340995, "invoice_id": "308979", "total": "9.99",
      "items": {"id": "10", "type": "Hosting", "name": "test.com", "product_id": "3"}},
     {"order_num": 873340995, "order_nums": [873340995], "invoice_id": 308979, "total": "9.99",
      "items": [{"id": 10, "type": "Hosting", "name": "test.com", "product_id": 3}]}),
    ({"order_num_list": [179534732, "179534733"], "invoice_id": "503425", "total": "94.40",
      "items": [{"type": "Hosting", "id": "1025", "name": "hosting.com", "product_id": "1080"},
                {"type": "Domain Register", "id": "354", "name": "hosting.com", "product_id": "6"}]},
     {"order_num": 179534732, "order_nums": [179534732, 179534733], "invoice_id": 503425, "total": "94.40",
      "items": [{"id": 1025, "type": "Hosting", "name": "hosting.com", "product_id": 1080},
                {"id": 354, "type": "Domain Register", "name": "hosting.com", "product_id": 6}]}),
    ({}, {"order_num": None, "order_nums": [], "invoice_id": None, "total": None, "items": []}),
])
def test_order_answers(body, expected):
    assert O.normalize_order(body) == expected


def test_build_custom_by_title_and_id():
    custom, sel = O.build_custom(FORMS, {"operating system": "ubuntu 24.04", "1703": True, "Extra IPv4": "3",
                                         "Notes": "rack 4"}, "options", "product X")
    assert custom == {"1700": 10401, "1703": {"10430": 1}, "1704": {"10440": 3}, "1711": {"10460": "rack 4"}}
    assert sel == {"Operating System": "Ubuntu 24.04", "Daily Backups": True, "Extra IPv4": 3, "Notes": "rack 4"}


def test_build_custom_false_checkbox_is_left_out_and_selected_default_suffices():
    custom, sel = O.build_custom(FORMS, {"Operating System": 10400, "Daily Backups": False}, "options", "X")
    assert custom == {"1700": 10400} and sel["Daily Backups"] is False


@pytest.mark.parametrize("wanted, message", [
    ({"Operating System": "Debian 12", "GPU": 1}, "options=GPU: is not an option of product X; valid: "
                                                  "'Operating System' (id 1700), 'Daily Backups' (id 1703)"),
    ({"Operating Sistem": "Debian 12"}, "(did you mean Operating System?)"),
    ({"Operating System": "Gentoo"}, "options.Operating System=Gentoo: is not a choice of product X; valid: 'Debian 12' (id 10400), 'Ubuntu 24.04'"),
    ({}, "options.Operating System=None: is required for product X; valid: 'Debian 12' (id 10400)"),
    ({"Operating System": 10400, "Extra IPv4": 9}, "options.Extra IPv4=9: takes a whole number from 0 to 8 (product X)"),
    ({"Operating System": 10400, "Daily Backups": "maybe"}, "options.Daily Backups=maybe: takes true or false"),
    ({"Operating System": 10400, "Notes": ["a"]}, "options.Notes=['a']: takes text (product X)"),
    ({"1700": 10400, "operating system": 10401}, "option 'Operating System' is given twice"),
])
def test_build_custom_errors_name_option_and_choices(wanted, message):
    with pytest.raises(XtomValidationError) as err:
        O.build_custom(FORMS, wanted, "options", "product X")
    assert message in str(err.value)


@pytest.mark.parametrize("text, code", [("m", "m"), ("Monthly", "m"), ("semi-annually", "s"), ("ANNUALLY", "a"),
                                        ("fortnightly", "fortnightly")])
def test_cycle_codes(text, code):
    assert O.cycle_code(text) == code


def test_csr_common_name():
    with open(os.path.join(DATA, "shop.example.net.csr")) as f:
        assert csr_common_name(f.read()) == "shop.example.net"
    with open(os.path.join(DATA, "example.com.csr")) as f:
        assert csr_common_name("  \n" + f.read().replace("\n", "\r\n")) == "example.com"
    assert csr_common_name("not a csr") is None
    assert csr_common_name("-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----") is None
    assert csr_common_name(None) is None


PEM = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----"
KEY = "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----"


@pytest.mark.parametrize("body", [{"crt": PEM}, {"certificate": PEM + "\n"}, PEM, {"data": {"crt": PEM}},
                                  {"success": True, "data": {"cert": PEM}}, {"data": PEM}])
def test_crt_shapes(body):
    assert parse_crt(body) == {"crt": PEM + "\n", "chain": None, "key": None}


def test_crt_with_chain_and_key():
    got = parse_crt({"crt": PEM, "ca_bundle": [PEM, PEM], "private_key": KEY})
    assert got == {"crt": PEM + "\n", "chain": PEM + "\n" + PEM + "\n", "key": KEY + "\n"}


@pytest.mark.parametrize("body", [{"crt": ""}, {}, {"something": PEM}, {"result_set": {"crt": PEM}}, {"crt": PEM, "chain": "x"}])
def test_crt_not_understood_is_refused(body):
    with pytest.raises(XtomAnswerError):
        parse_crt(body)


@pytest.mark.parametrize("spec, message", [
    ({"type": "product", "product": "1"}, "hostname=None: is required to order a product"),
    ({"type": "product", "hostname": "a.example.com"}, "product=None: is required"),
    ({"type": "product", "product": "1", "hostname": "a.example.com", "csr": "x", "years": 1},
     "csr and years are not used when ordering a product (type=product)"),
    ({"type": "domain", "name": "a.example.com", "action": "register", "epp": "x"}, "epp=********: is only used with action=transfer"),
    ({"type": "domain", "name": "example.com", "action": "renew", "nameservers": ["a.b.c", "d.e.f"]},
     "nameservers not used with action=renew"),
    ({"type": "domain", "name": "example.com", "nameservers": ["ns1.example.com"]}, "nameservers=['ns1.example.com']: takes 2 to 4 host names, got 1"),
    ({"type": "domain", "name": "example.com", "years": 11}, "years=11: must be from 1 to 10"),
    ({"type": "domain", "name": "example.com", "renew_within_days": 5}, "only used with action=renew"),
    ({"type": "domain", "name": "-bad-.com"}, "name=-bad-.com: is not a valid host name"),
    ({"type": "domain", "name": "example.com", "admin": 0}, "admin=0: must be a contact id"),
    ({"type": "certificate", "product": "1", "csr": "hello"}, "csr=...: must be a PEM certificate request"),
    ({"type": "certificate", "product": "1", "csr": "-----BEGIN CERTIFICATE REQUEST-----\nAA\n-----END CERTIFICATE "
      "REQUEST-----"}, "the common name of csr cannot be read: set hostname"),
])
def test_local_checks(spec, message):
    with pytest.raises(XtomValidationError) as err:
        O.check_item_options(spec, "")
    assert message in str(err.value)


# ---------------------------------------------------------------------- accepted variants, and refusals
from ansible_collections.xtom.console.plugins.module_utils import orders_catalog as C  # noqa: E402


def test_catalog_variants_are_understood():
    cats = C.parse_categories({"success": True, "data": {"categories": [{"id": 10, "name": "VPS", "slug": "vps"}]}})
    assert cats == [{"id": 10, "name": "VPS", "description": "", "slug": "vps"}]
    prods = C.parse_products({"products": {"101": {"id": 101, "name": "Starter", "payType": "Regular", "periods": []}}})
    assert prods[0]["id"] == 101 and prods[0]["paytype"] == "Regular"
    conf = C.normalize_product_config({"product": {"id": "5", "name": "X", "categoryName": "VPS", "categoryId": "10",
                                                   "recurring": "m", "price": 1}})
    assert (conf["category"], conf["category_id"]) == ("VPS", 10)
    assert C.parse_software({"software": {"0": "AOL", "4": "Nginx"}}) == [{"id": 0, "name": "AOL"}, {"id": 4, "name": "Nginx"}]
    quote = C.normalize_quote({"success": True, "data": {"summary": {"total": "12.09", "currency": "EUR"}, "items": []}})
    assert quote["total"] == "12.09" and quote["currency"] == "EUR"
    order = C.normalize_order({"orderNum": 5, "invoiceId": "7", "items": {"id": "1", "name": "a", "productId": "3"}})
    assert (order["order_num"], order["invoice_id"], order["items"][0]["product_id"]) == (5, 7, 3)


@pytest.mark.parametrize("parse, body", [
    (C.parse_categories, {"result_set": {"categories": []}}),
    (C.parse_categories, {"categories": [{"id": "10"}]}),
    (C.parse_products, {"products": [{"id": "x1", "name": "A"}]}),
    (C.normalize_product_config, {"item": {"id": 1, "name": "A"}}),
    (C.normalize_product_config, {"product": {"id": 1, "name": "A", "config": {"forms": [{"title": "OS", "items": []}]}}}),
    (C.parse_certificate_products, {"products": [{"name": "A"}]}),
    (C.parse_software, {"software": [{"id": "a", "name": "x"}]}),
    (C.normalize_quote, {"items": []}),
    (C.normalize_quote, {"summary": {"subtotal": 1}}),
])
def test_catalog_answers_not_understood_are_refused(parse, body):
    with pytest.raises(XtomAnswerError):
        parse(body)
