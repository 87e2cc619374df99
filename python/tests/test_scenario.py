"""Scenario errors carry the file, line, key and message; show and list mirror the CLI."""

from __future__ import annotations

import pickle

import pytest

import chistka


def test_a_scenario_error_carries_the_file_line_and_key(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text('extends = "great-purge"\n\n[camps]\nenabled = "yes"\n')
    with pytest.raises(chistka.ScenarioError) as caught:
        chistka.run(path, scale=0.002)
    e = caught.value
    assert e.file == str(path)
    assert e.line == 4
    assert e.key == "camps.enabled"
    assert e.message == 'expected true or false, found the text "yes"'
    assert str(e).startswith(f"{path}:4:")
    assert isinstance(e, ValueError)
    again = pickle.loads(pickle.dumps(e))
    assert (again.file, again.line, again.problems) == (e.file, e.line, e.problems)


def test_every_problem_of_a_file_is_reported(run_cli, tmp_path, cli):
    import subprocess

    path = tmp_path / "two.toml"
    path.write_text(
        'extends = "great-purge"\n[interrogation]\nconfession_probability = 1.5\n'
        "[denunciation]\nenabled = 3\n"
    )
    with pytest.raises(chistka.ScenarioError) as caught:
        chistka.scenario.load(path)
    cli_err = subprocess.run([str(cli), "run", str(path), "--out", str(tmp_path / "o")],
                             capture_output=True, text=True).stderr
    assert caught.value.problems
    assert str(caught.value) in cli_err, "the same message as the command line"
    assert not (tmp_path / "o").exists(), "nothing written"


def test_an_override_error_names_the_key():
    with pytest.raises(chistka.ScenarioError) as caught:
        chistka.scenario.load(set={"interogation.confession_probability": 0.3})
    assert caught.value.key == "interogation.confession_probability"
    assert "no table `interogation`" in caught.value.message
    with pytest.raises(TypeError, match="quota.enabled"):
        chistka.scenario.load(set={"quota.enabled": object()})


def test_an_unknown_scenario_name_lists_the_embedded_ones():
    with pytest.raises(chistka.ScenarioError, match="great-purge"):
        chistka.scenario.load("no-such-scenario")
    with pytest.raises(chistka.ScenarioError, match="great-purge"):
        chistka.scenario.show("no-such-scenario")


def test_show_and_list_are_the_cli_outputs(run_cli):
    assert chistka.scenario.show() == run_cli("scenario", "show")
    listed = "".join(f"{n}\t{d}\n" for n, d in chistka.scenario.list())
    assert listed == run_cli("scenario", "list")


def test_a_loaded_scenario_has_its_params():
    s = chistka.scenario.load("great-purge")
    assert s.name == "great-purge"
    assert s.params["quota"]["enabled"] is True
    assert "great-purge" in repr(s)


def test_help_says_something():
    assert "dotted key" in chistka.run.__doc__
    assert "ScenarioError" in chistka.run.__doc__
