from glossa.launch import main

if __name__ == "__main__":   # not when a helper process started with "spawn" imports it
    main()
