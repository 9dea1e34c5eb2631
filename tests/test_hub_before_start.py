"""What JupyterHub does with the spawner before KubeSpawner's start, which the spawns do not
show: warned of. Facts: JupyterHub 5.5.0's ``User.spawn`` runs the auth_state hook, then
``apply_group_overrides`` (each entry's ``spawner_override`` for members of its ``groups``),
then ``apply_user_options`` (a mapping sets the named spawner attribute from each user
option), then ``start``, where KubeSpawner applies the profile. The failures these steps
raise are compared with JupyterHub's own in the corpus of test_hub_oracle.py.
"""

from __future__ import annotations

from kubespawner.objects import SpawnerConfig
from kubespawner.objects._hub.spawner import spawn

PROFILES = [
    {
        "display_name": "Images",
        "profile_options": {
            "image": {
                "display_name": "Image",
                "choices": {"base": {"display_name": "Base"}},
            }
        },
    }
]

CHOSEN = {"profile": "images", "image": "base"}


def test_a_group_override_is_a_warning_naming_its_groups() -> None:
    overrides = {
        "01-gpu": {"groups": ["gpu", "admins"], "spawner_override": {"mem_limit": "4G"}},
        "02-nobody": {"groups": [], "spawner_override": {"mem_limit": "8G"}},
    }
    result = spawn(SpawnerConfig(traits={"group_overrides": overrides}), "alice")
    assert result.problems == []
    assert [str(warning) for warning in result.warnings] == [
        "Not rendered: members of admins, gpu spawn with this entry's spawner_override, which"
        " these spawns (of a user in no group) do not show (setting group_overrides)"
    ]
    # the spawn is that of a user in no group: the override is not applied
    assert "MEM_LIMIT" not in str(result.objects)


def test_apply_user_options_naming_a_chosen_option_is_a_warning() -> None:
    traits = {"apply_user_options": {"image": "image"}, "profile_list": PROFILES}
    result = spawn(SpawnerConfig(traits=traits), "alice", "", CHOSEN)
    assert result.problems == []
    [warning] = result.warnings
    assert warning.detail == (
        "JupyterHub sets the spawner's image to the user's option image (\"base\") before"
        " KubeSpawner applies the profile; this spawn does not"
    )
    assert warning.setting == "apply_user_options"


def test_apply_user_options_naming_no_chosen_option_is_silent() -> None:
    traits = {"apply_user_options": {"image_input": "image"}, "profile_list": PROFILES}
    result = spawn(SpawnerConfig(traits=traits), "alice", "", {"profile": "images"})
    assert (result.problems, result.warnings) == ([], [])


def test_an_attribute_name_that_is_no_string_fails_the_spawn() -> None:
    traits = {"apply_user_options": {"image": 5}, "profile_list": PROFILES}
    result = spawn(SpawnerConfig(traits=traits), "alice", "", CHOSEN)
    assert result.objects == []
    assert [problem.reason for problem in result.problems] == ["KubeSpawner"]
    assert "attribute name must be string" in result.problems[0].detail
