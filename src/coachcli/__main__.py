from coachcli.cli.app import main

main()
