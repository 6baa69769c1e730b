# Stand-in for ansible-test's pip bootstrap script, which it downloads from a host this project cannot reach.
# ansible-test runs it as `python get_pip_<version>.py <pip install arguments>` in a new virtual environment:
# bring pip in from the interpreter's own ensurepip, then install what was asked from the package index.
import subprocess
import sys

UNSUPPORTED = {"--no-setuptools", "--no-wheel"}

subprocess.check_call([sys.executable, "-m", "ensurepip", "--upgrade"])
arguments = [argument for argument in sys.argv[1:] if argument not in UNSUPPORTED]
subprocess.check_call([sys.executable, "-m", "pip", "install", "--upgrade"] + arguments)
