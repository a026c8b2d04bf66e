"""Independent round trip for `hcp assess --from-fhir`: from the Questionnaire in an exported
Bundle (its url, linkIds, item types and answer options, nothing of hcp's code) and each family
file given (read as plain YAML), build the QuestionnaireResponse a form would send: every
indicator of every dimension answered, true when the family file lists it, false otherwise. Each
response must parse with the pinned fhir.resources (6.1.0, FHIR R4) as a QuestionnaireResponse; it
is written to OUT_DIR/<family>.response.json for `.ci/run` to validate against the official JSON
Schema and to assess. A RESPONSE.json given instead of a family file is only parsed.
Usage: check-fhir-response.py BUNDLE OUT_DIR FAMILY.yaml|RESPONSE.json..."""
import json
import pathlib
import sys

import fhir.resources
from fhir.resources.questionnaireresponse import QuestionnaireResponse
from ruamel.yaml import YAML

assert fhir.resources.__fhir_version__ == "4.0.1", fhir.resources.__fhir_version__

# The family file's keys for the child, by the linkId that carries each.
CHILD = {
    "child-date-of-birth": "date_of_birth",
    "child-age": "age",
    "child-gestation": "gestation",
    "child-expected-date-of-delivery": "expected_date_of_delivery",
}


def answers(items, family, group, ticked):
    out = []
    for item in items:
        link, kind = item["linkId"], item["type"]
        if kind == "group":
            children = answers(item["item"], family, link, ticked)
            if children:
                out.append({"linkId": link, "item": children})
            continue
        if link == "assessment-date":
            value = {"valueDate": str(family["assessment_date"])}
        elif link == "practitioner-band":
            band = (family.get("practitioner") or {}).get("band")
            if band is None:
                continue
            options = [o["valueCoding"] for o in item["answerOption"] if o["valueCoding"]["code"] == band]
            assert len(options) == 1, f"no answer option for {band}"
            value = {"valueCoding": options[0]}
        elif link == "practitioner-rationale":
            rationale = (family.get("practitioner") or {}).get("rationale")
            if rationale is None:
                continue
            value = {"valueString": str(rationale)}
        elif link in CHILD:
            written = family["child"].get(CHILD[link])
            if written is None:
                continue
            value = {"valueDate" if kind == "date" else "valueString": str(written)}
        else:
            assert kind == "boolean" and group, f"an item the generator does not know: {link}"
            listed = link in ((family.get("dimensions") or {}).get(group) or {}).get("indicators", [])
            ticked.append(link) if listed else None
            value = {"valueBoolean": listed}
        out.append({"linkId": link, "answer": [value]})
    return out


def response(questionnaire, family):
    ticked = []
    items = answers(questionnaire["item"], family, None, ticked)
    listed = sum(len(d.get("indicators", [])) for d in (family.get("dimensions") or {}).values())
    assert len(ticked) == listed, "an indicator the family file lists has no item"
    return {
        "resourceType": "QuestionnaireResponse",
        "identifier": {"system": "https://example.org/fhir/hcp/reference", "value": family["reference"]},
        "questionnaire": questionnaire["url"],
        "status": "completed",
        "authored": f"{family['assessment_date']}T10:00:00Z",
        "item": items,
    }


bundle = json.load(open(sys.argv[1], encoding="utf-8"))
out_dir = pathlib.Path(sys.argv[2])
out_dir.mkdir(parents=True, exist_ok=True)
(questionnaire,) = [
    e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Questionnaire"
]
yaml = YAML(typ="safe")
for path in sys.argv[3:]:
    if path.endswith(".json"):  # a response already made: parsed only
        QuestionnaireResponse.parse_obj(json.load(open(path, encoding="utf-8")))
        print(f"fhir.resources {fhir.resources.__version__}: {path} parses as a QuestionnaireResponse")
        continue
    family = yaml.load(open(path, encoding="utf-8"))
    made = response(questionnaire, family)
    QuestionnaireResponse.parse_obj(made)
    target = out_dir / (pathlib.Path(path).stem + ".response.json")
    target.write_text(json.dumps(made, indent=2) + "\n", encoding="utf-8")
    print(f"fhir.resources {fhir.resources.__version__}: {target} parses as a QuestionnaireResponse")
