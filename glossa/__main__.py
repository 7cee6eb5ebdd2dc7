from glossa.cli import main

main()
