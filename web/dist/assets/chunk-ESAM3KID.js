import{a,b}from"./chunk-PKF6G763.js";import"./chunk-VRSCKKZI.js";import"./chunk-N5HHLQHN.js";import"./chunk-AE2JECOI.js";import"./chunk-JOXUSMBH.js";export{a as statusPage,b as trendLine};
