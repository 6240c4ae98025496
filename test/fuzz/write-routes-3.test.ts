import { fuzzWriteRoutes } from './support.ts'

fuzzWriteRoutes(2, 3)
