from cell211cli.launch import main

main()
