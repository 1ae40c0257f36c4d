import ast, pytest, yaml, os
@pytest.mark.parametrize("mod", ["order", "product_info", "certificate_info"])
def test_examples(sim, run_playbook, mod):
    src = open(os.path.join("plugins/modules", mod + ".py")).read()
    ex = [n.value.value for n in ast.parse(src).body if isinstance(n, ast.Assign) and n.targets[0].id == "EXAMPLES"][0]
    tasks = yaml.safe_load(ex)
    play = [{"hosts": "localhost", "gather_facts": False, "tasks": tasks}]
    run = run_playbook(yaml.safe_dump(play), extra_vars={"xtom_username": sim.username, "xtom_password": sim.password})
    assert run.rc == 0, [(n, r.get("msg")) for n, r in run.results if r.get("failed")] or run
    for n, r in run.results:
        print(mod, n, r.get("changed"), r.get("msg", "")[:200])
