import { fuzzWriteRoutes } from './support.ts'

fuzzWriteRoutes(0, 3)
