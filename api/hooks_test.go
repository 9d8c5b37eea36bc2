package api

// SetExportLimits shrinks a server's list exports for tests: at most limit rows, read
// page rows at a time.
func SetExportLimits(s *Server, limit, page int) { s.exportLimit, s.exportPage = limit, page }
