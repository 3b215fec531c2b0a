"""What our Celery tasks may take, return and be sent with.

A task's arguments and result pass through the broker and any result backend, outside the
database's access control and retention: so a task takes ids only and returns nothing. A
task is published only after the transaction that asked for it commits, and never waits in
the broker for long (the reminders come from database scans, not from delayed messages).
"""

import ast
import inspect
from uuid import UUID

import pytest

from brobygning.celery import app
from tests.source import parsed_project_files

OUR_PACKAGES = {"brobygning", "households", "referrals", "actors", "followups"}
ALLOWED_PARAMETER_TYPES = {int, UUID}
SEND_METHODS = {"delay", "apply_async", "send_task"}
DELAY_KEYWORDS = {"countdown", "eta", "default_retry_delay"}
# "A few minutes" at most: longer, and the delay belongs in a row that a scan finds.
MAX_DELAY_SECONDS = 300


def our_tasks():
    """Our tasks as a worker registers them: autodiscovery of every app's tasks.py."""
    app.loader.import_default_modules()
    return {
        name: task for name, task in sorted(app.tasks.items()) if name.split(".")[0] in OUR_PACKAGES
    }


def _decorator_name(decorator):
    target = decorator.func if isinstance(decorator, ast.Call) else decorator
    return target.attr if isinstance(target, ast.Attribute) else getattr(target, "id", "")


def declared_task_names():
    """`module.function` of every function our source decorates as a Celery task."""
    names = set()
    for path, tree in parsed_project_files():
        module = path.removesuffix(".py").removesuffix("/__init__").replace("/", ".")
        for node in tree.body:
            if isinstance(node, ast.FunctionDef) and any(
                _decorator_name(d) in ("shared_task", "task") for d in node.decorator_list
            ):
                names.add(f"{module}.{node.name}")
    return names


def test_the_worker_registers_every_task_our_source_declares():
    assert declared_task_names()  # the scan found the tasks at all
    assert set(our_tasks()) == declared_task_names()


@pytest.mark.parametrize("name", list(our_tasks()))
def test_a_task_takes_only_ids_and_is_declared_to_return_none(name):
    signature = inspect.signature(our_tasks()[name].run, eval_str=True)
    for parameter in signature.parameters.values():
        assert parameter.kind in (parameter.POSITIONAL_OR_KEYWORD, parameter.KEYWORD_ONLY), (
            parameter.name
        )
        assert parameter.annotation in ALLOWED_PARAMETER_TYPES, parameter.name
    assert signature.return_annotation is None


@pytest.mark.django_db
@pytest.mark.parametrize("name", list(our_tasks()))
def test_a_task_returns_nothing_when_it_runs(name):
    assert our_tasks()[name].apply().get() is None


# --- Source scans --------------------------------------------------------------------------


def _within_on_commit(node, parents):
    while node in parents:
        node = parents[node]
        if isinstance(node, ast.Call) and _decorator_name(node) == "on_commit":
            return True
    return False


def bare_sends(tree):
    """Line numbers of task sends not deferred to the commit: `task.delay(...)`,
    `task.apply_async(...)`, `app.send_task(...)` (called or passed on) outside an
    `on_commit(...)` call. `delay_on_commit` is the way to send."""
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    return sorted(
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and node.attr in SEND_METHODS
        and not _within_on_commit(node, parents)
    )


def long_delays(tree):
    """Line numbers of `countdown=`, `eta=` or `default_retry_delay=` (as keywords or dict
    keys) that are not a constant of at most MAX_DELAY_SECONDS. An `eta` is a point in
    time, never provably short, so it is refused whatever its value."""
    found = []
    for node in ast.walk(tree):
        pairs = []
        if isinstance(node, ast.Call):
            pairs = [(keyword.arg, keyword.value) for keyword in node.keywords]
        elif isinstance(node, ast.Dict):
            pairs = [
                (key.value, value)
                for key, value in zip(node.keys, node.values, strict=True)
                if isinstance(key, ast.Constant)
            ]
        for name, value in pairs:
            if name not in DELAY_KEYWORDS:
                continue
            short = (
                name != "eta"
                and isinstance(value, ast.Constant)
                and isinstance(value.value, int | float)
                and value.value <= MAX_DELAY_SECONDS
            )
            if not short:
                found.append(value.lineno)
    return sorted(found)


def test_the_scans_find_what_they_look_for():
    tree = ast.parse(
        "notify.delay(1)\n"
        "transaction.on_commit(lambda: notify.delay(2))\n"
        "notify.delay_on_commit(3)\n"
        "send = notify.apply_async\n"
        "notify.apply_async(args=[4], countdown=60)\n"
        "notify.apply_async(args=[5], countdown=3600)\n"
        "notify.apply_async(args=[6], eta=soon)\n"
        "SCHEDULE = {'x': {'options': {'countdown': 86400}}}\n"
        "notify.retry(countdown=delay)\n"
    )
    assert bare_sends(tree) == [1, 4, 5, 6, 7]
    assert long_delays(tree) == [6, 7, 8, 9]


def test_no_task_is_sent_before_the_transaction_commits():
    found = {path: lines for path, tree in parsed_project_files() if (lines := bare_sends(tree))}
    assert found == {}


def test_no_task_waits_in_the_broker_longer_than_a_few_minutes():
    found = {path: lines for path, tree in parsed_project_files() if (lines := long_delays(tree))}
    assert found == {}
