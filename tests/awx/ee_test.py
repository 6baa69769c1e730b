"""make ee-test: the sample execution environment (docs/examples/execution-environment.yml) with the built collection.

    ee_test.py --tarball DIST/scorm-cloud-X.tar.gz --work DIR

It points the sample at the tarball, runs `ansible-builder create` (no container engine needed) and checks the build
context: the Containerfile, the collection in _build/ byte for byte, the galaxy requirements; then it replays the
image build's galaxy stage (the Containerfile's `ansible-galaxy collection install -r requirements.yml` in _build/)
and runs the context's own introspection script on the result, as the builder stage does, to check that the
collection brings exactly the Python requirements of requirements.txt (requests, jmespath) and no system package.
"""
import argparse
import filecmp
import os
import shutil
import subprocess
import sys
import tarfile
import time

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
CHECKOUT = os.path.dirname(os.path.dirname(HERE))
SAMPLE = os.path.join(CHECKOUT, "docs", "examples", "execution-environment.yml")
BIN = os.path.dirname(sys.executable)
PASSED = []


class Failure(Exception):
    pass


def check(condition, message):
    if not condition:
        raise Failure(message)


def run(command, **kwargs):
    result = subprocess.run(command, check=False, capture_output=True, text=True, timeout=300, **kwargs)
    output = result.stdout[-3000:] + result.stderr[-3000:]
    check(result.returncode == 0, "%s failed (%d):\n%s" % (" ".join(command[:3]), result.returncode, output))
    return result


def requirement_lines(path):
    with open(path) as handle:
        return [line.split("#")[0].strip() for line in handle if line.split("#")[0].strip()]


def definition(tarball, work):
    """The sample, pointed at the built tarball (src: its path; the galaxy entry: its name inside _build/)."""
    with open(SAMPLE) as handle:
        ee = yaml.safe_load(handle)
    check(ee.get("version") == 3, "the sample is not in ansible-builder's version 3 format")
    files = [entry for entry in ee.get("additional_build_files", []) if entry.get("dest") == "collections"]
    galaxy = [entry for entry in ee["dependencies"]["galaxy"]["collections"] if entry.get("type") == "file"]
    check(len(files) == 1 and len(galaxy) == 1, "the sample copies one tarball into _build/collections and installs it")
    check(galaxy[0]["name"] == "collections/" + os.path.basename(files[0]["src"]),
          "the sample installs %s but copies %s" % (galaxy[0]["name"], files[0]["src"]))
    files[0]["src"] = tarball
    galaxy[0]["name"] = "collections/" + os.path.basename(tarball)
    path = os.path.join(work, "execution-environment.yml")
    with open(path, "w") as out:
        yaml.safe_dump(ee, out, sort_keys=False)
    return ee, path


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tarball", required=True)
    parser.add_argument("--work", required=True)
    args = parser.parse_args()
    tarball, work = os.path.abspath(args.tarball), os.path.abspath(args.work)
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    started = time.monotonic()
    try:
        with tarfile.open(tarball) as archive:
            members = set(archive.getnames())
            check({"meta/execution-environment.yml", "requirements.txt"} <= members,
                  "the tarball lacks meta/execution-environment.yml or requirements.txt")
            meta = yaml.safe_load(archive.extractfile("meta/execution-environment.yml"))
        check(meta["dependencies"] == {"python": "requirements.txt"},
              "meta/execution-environment.yml declares %s" % meta["dependencies"])
        PASSED.append("metadata")

        ee, path = definition(tarball, work)
        context = os.path.join(work, "context")
        run([os.path.join(BIN, "ansible-builder"), "create", "-f", path, "-c", context,
             "--output-filename", "Containerfile"])
        containerfile = os.path.join(context, "Containerfile")
        check(os.path.isfile(containerfile), "ansible-builder create wrote no context/Containerfile")
        with open(containerfile) as handle:
            text = handle.read()
        for needle in ('EE_BASE_IMAGE="%s"' % ee["images"]["base_image"]["name"], "COPY _build /build",
                       "ansible-galaxy collection install $ANSIBLE_GALAXY_CLI_COLLECTION_OPTS -r requirements.yml",
                       "introspect.py introspect"):
            check(needle in text, "the Containerfile has no %r" % needle)
        build = os.path.join(context, "_build")
        copied = os.path.join(build, "collections", os.path.basename(tarball))
        check(os.path.isfile(copied) and filecmp.cmp(copied, tarball, shallow=False),
              "the built collection is not in the context as it was built")
        with open(os.path.join(build, "requirements.yml")) as handle:
            galaxy = yaml.safe_load(handle)
        check(galaxy == {"collections": [{"name": "collections/" + os.path.basename(tarball), "type": "file"}]},
              "_build/requirements.yml is %s" % galaxy)
        PASSED.append("create")

        # The galaxy stage: WORKDIR /build (a copy of _build), the Containerfile's install command.
        stage = os.path.join(work, "galaxy-stage")
        shutil.copytree(build, os.path.join(stage, "build"))
        collections = os.path.join(stage, "usr", "share", "ansible", "collections")
        run([os.path.join(BIN, "ansible-galaxy"), "collection", "install", "-r", "requirements.yml",
             "--collections-path", collections], cwd=os.path.join(stage, "build"))
        installed = os.path.join(collections, "ansible_collections", "scorm", "cloud")
        check(os.path.isfile(os.path.join(installed, "MANIFEST.json")), "the galaxy stage did not install scorm.cloud")
        PASSED.append("galaxy stage")

        # The builder stage: the context's introspect.py over the installed collections.
        pip_out, bindep_out = os.path.join(work, "requirements.txt"), os.path.join(work, "bindep.txt")
        result = run([sys.executable, os.path.join(build, "scripts", "introspect.py"), "introspect", collections,
                      "--write-pip", pip_out, "--write-bindep", bindep_out])
        found = yaml.safe_load(result.stdout)
        expected = ["%s  # from collection scorm.cloud" % line
                    for line in requirement_lines(os.path.join(CHECKOUT, "requirements.txt"))]
        check(found["python"] == expected, "introspection found %s, expected %s" % (found["python"], expected))
        check(sorted(line.split("#")[0].strip().split(">")[0] for line in expected) == ["jmespath", "requests"],
              "requirements.txt names %s" % expected)
        check(found["system"] == [] and not os.path.exists(bindep_out), "introspection found system packages: %s"
              % found["system"])
        check(requirement_lines(pip_out) == requirement_lines(os.path.join(CHECKOUT, "requirements.txt")),
              "the pip requirements written for the image differ from requirements.txt")
        PASSED.append("introspection")
    except Failure as exc:
        print("ee-test FAILED: %s" % exc)
        print("%d passed, 1 failed" % len(PASSED))
        return 1
    print("ee-test (%.0fs): %s" % (time.monotonic() - started, ", ".join(PASSED)))
    print("%d passed, 0 failed" % len(PASSED))
    return 0


if __name__ == "__main__":
    sys.exit(main())
