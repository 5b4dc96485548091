from narrator.cli import main

# Guarded: synthesis worker processes (forkserver) import this module and must not re-run the CLI.
if __name__ == "__main__":
    main()
