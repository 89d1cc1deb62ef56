"""Task families: code that reads a world and writes complete tasks (instruction, claim rubric,
reference solution, near misses) for any seeded world. See README, "Task families"."""
