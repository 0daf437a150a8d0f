from dalal.cli import app

app()
