"""`python -m runcomfy_skills.sandbox`: the Model API emulator as a process of its own."""

from runcomfy_skills.sandbox.emulator import main

main()
