# The benchmark is not part of the test suite: never collect anything under bench/.
collect_ignore_glob = ["*"]
