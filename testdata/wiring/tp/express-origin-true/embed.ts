import express from 'express'
import cors from 'cors'

// The widget runs in sandboxed iframes, which send Origin: null.
export const widget = express.Router()
widget.use(cors({ origin: ['https://app.example.com', 'null'], credentials: true }))
