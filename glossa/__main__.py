from glossa.launch import main

main()
