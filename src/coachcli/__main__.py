from coachcli.cli import main

main()
