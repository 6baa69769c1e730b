"""Contender (c): what a user scripts with the official SDK (rustici-software-cloud-v2), one call per object.

For each declared destination: GET it; PUT it when it is missing or differs. Sequential, as such scripts are.

    sdk_script.py API_URL APP_ID SECRET_KEY DESTINATIONS.json

DESTINATIONS.json is a list of items shaped like the account role's scorm_destinations (id, name, notes, tags).
Prints one JSON line: {"read": N, "written": N}.
"""
import json
import sys

from rustici_software_cloud_v2 import ApiClient, Configuration, DestinationSchema, DispatchApi
from rustici_software_cloud_v2.rest import ApiException


def main():
    api_url, app_id, secret_key, destinations_file = sys.argv[1:5]
    config = Configuration()
    config.host = api_url.rstrip("/") + "/"
    config.username, config.password = app_id, secret_key
    dispatch = DispatchApi(ApiClient(config))
    with open(destinations_file) as handle:
        declared = json.load(handle)
    written = 0
    for item in declared:
        try:
            current = dispatch.get_destination(item["id"])
        except ApiException as exc:
            if exc.status != 404:
                raise
            current = None
        if current is None or (current.name, current.notes, sorted(current.tags or [])) != (
                item["name"], item["notes"], sorted(item["tags"])):
            dispatch.set_destination(item["id"], DestinationSchema(name=item["name"], notes=item["notes"],
                                                                   tags=item["tags"]))
            written += 1
    print(json.dumps({"read": len(declared), "written": written}))


if __name__ == "__main__":
    main()
