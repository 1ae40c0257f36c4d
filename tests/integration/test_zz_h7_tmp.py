import time
U = """
- hosts: localhost
  gather_facts: false
  tasks:
""" + "".join("""
    - name: u%d
      ansible.builtin.uri:
        url: "{{ xtom_sim_admin }}/log"
      register: u%d
""" % (i, i) for i in range(10))
S = """
- hosts: localhost
  gather_facts: false
  tasks:
""" + "".join("""
    - name: s%d
      ansible.builtin.set_fact:
        s%d: "{{ lookup('ansible.builtin.url', xtom_sim_admin ~ '/log', split_lines=false) | from_json }}"
""" % (i, i) for i in range(10))
def test_t(run_playbook):
    for name, pb in (("uri", U), ("set_fact", S), ("uri", U), ("set_fact", S)):
        t = time.time(); run = run_playbook(pb); assert run.rc == 0, run
        print(name, time.time() - t)
