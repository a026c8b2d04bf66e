"""Independent check of `hcp export fhir`: every file given must be a FHIR R4 (4.0.1) Bundle that
the pinned `fhir.resources` (6.1.0, its last R4 release) parses, as a whole and resource by
resource, and whose hcp invariants hold (collection type, unique valid ids, every
definitionCanonical and Measure reference resolving inside the Bundle). Exit 1 on the first file
that fails, naming it and the reason."""
import json
import re
import sys

import fhir.resources
from fhir.resources import construct_fhir_element
from fhir.resources.bundle import Bundle

assert fhir.resources.__fhir_version__ == "4.0.1", fhir.resources.__fhir_version__
FHIR_ID = re.compile(r"^[A-Za-z0-9\-.]{1,64}$")


def check(path):
    raw = json.load(open(path, encoding="utf-8"))
    Bundle.parse_obj(raw)
    assert raw["type"] == "collection", "the Bundle is not a collection"
    urls = {}
    for entry in raw["entry"]:
        resource = entry["resource"]
        construct_fhir_element(resource["resourceType"], resource)
        assert FHIR_ID.match(resource["id"]), f"invalid id {resource['id']!r}"
        key = (resource["resourceType"], resource["id"])
        assert key not in urls.values(), f"{key} twice"
        urls[resource.get("url")] = key
        assert entry["fullUrl"].endswith("/%s/%s" % key), entry["fullUrl"]

    def actions(list_):
        for action in list_:
            yield action
            yield from actions(action.get("action", []))

    counts = {}
    for entry in raw["entry"]:
        resource = entry["resource"]
        counts[resource["resourceType"]] = counts.get(resource["resourceType"], 0) + 1
        if resource["resourceType"] == "PlanDefinition":
            for action in actions(resource.get("action", [])):
                canonical = action.get("definitionCanonical")
                if canonical:
                    assert urls.get(canonical, ("",))[0] == "ActivityDefinition", (
                        f"{resource['id']}: {canonical} is not an ActivityDefinition in the Bundle"
                    )
        for ext in resource.get("extension", []):
            if "valueCanonical" in ext:
                assert ext["valueCanonical"] in urls, f"{resource['id']}: {ext['valueCanonical']} unresolved"
    return counts


failed = False
for path in sys.argv[1:]:
    try:
        counts = check(path)
    except Exception as error:  # a validation error, a failed assertion, a missing key
        print(f"fhir.resources {fhir.resources.__version__}: {path}: REJECTED: {error}", file=sys.stderr)
        failed = True
    else:
        summary = ", ".join(f"{n} {kind}" for kind, n in sorted(counts.items()))
        print(f"fhir.resources {fhir.resources.__version__} (FHIR {fhir.resources.__fhir_version__}): {path}: {summary}")
sys.exit(1 if failed else 0)
