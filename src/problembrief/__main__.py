from problembrief.cli import main

main()
