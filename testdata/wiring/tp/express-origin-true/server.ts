import express, { Request, Response } from 'express'
import cors from 'cors'

const app = express()
app.use(
  cors({
    origin: true,
    credentials: true,
  })
)

app.get('/api/export', (req: Request, res: Response) => {
  res.setHeader('Access-Control-Allow-Origin', req.headers.origin as string)
  res.send(exportAll())
})

app.post('/auth/token', (req: Request, res: Response) => {
  const token = issue(req.body)
  res.cookie('session', token)
  res.json({ ok: true })
})
