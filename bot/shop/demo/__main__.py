"""`python -m bot.shop.demo`: create the schema and seed the demo shop."""
import sys

from bot.shop.demo import main


sys.exit(main())
