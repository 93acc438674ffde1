from factlint.cli.main import main

raise SystemExit(main())
