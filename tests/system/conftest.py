"""The system tests' topology: started once for the module, ended (and its database dropped) even on failure."""

import os
import shutil
import tempfile

import pytest

from tests.system.topology import Topology, postgres_available


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/system/" in str(item.fspath):
            item.add_marker(pytest.mark.system)


def _unavailable():
    if not shutil.which("redis-server"):
        return "redis-server is not installed (apt-get install -y redis-server)"
    return postgres_available()


@pytest.fixture(scope="module")
def topology():
    reason = _unavailable()
    if reason:
        if os.environ.get("REQUIRE_SYSTEM") == "1":
            pytest.fail(reason + " (REQUIRE_SYSTEM=1 is set)")
        pytest.skip(reason)
    # Not pytest's tmp_path: other pytest runs on the machine prune those, and the logs and figures are kept.
    system = Topology(tempfile.mkdtemp(prefix="lectern-system-"))
    print(f"\nSystem test folder (logs, figures): {system.tmp}")
    try:
        system.start()
    except BaseException:
        print(system.tails())
        system.teardown()
        raise
    yield system
    system.teardown()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    system = item.funcargs.get("topology") if hasattr(item, "funcargs") else None
    if report.failed and call.when == "call" and system is not None:
        report.sections.append(("process logs", system.tails()))
    return report
